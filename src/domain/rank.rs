//! Order keys by fractional indexing: every item carries a string that sorts
//! where the item belongs, and moving an item rewrites only its own key. Two
//! people reordering different items therefore never collide in a merge.
//!
//! The encoding is the well-known one from rocicorp's `fractional-indexing`:
//! an "integer part" whose first character encodes its length, followed by a
//! base-62 fraction with no trailing zero. Appending at either end bumps the
//! integer (keys grow logarithmically, not linearly), and inserting between
//! two keys takes the midpoint of their fractions. Keys are plain ASCII so
//! they sort the same in Rust, in `jq` and in a diff.

const DIGITS: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const ZERO: u8 = b'0';
const SMALLEST_INTEGER: &str = "A00000000000000000000000000";

/// The key of the first item of an empty list.
pub const FIRST: &str = "a0";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RankError {
    #[error("rank key {0:?} is not a valid order key")]
    Invalid(String),
    #[error("rank keys out of order: {0:?} must sort before {1:?}")]
    OutOfOrder(String, String),
    #[error("the rank space is exhausted at this end")]
    Exhausted,
}

fn digit_index(c: u8) -> Option<usize> {
    match c {
        b'0'..=b'9' => Some((c - b'0') as usize),
        b'A'..=b'Z' => Some((c - b'A') as usize + 10),
        b'a'..=b'z' => Some((c - b'a') as usize + 36),
        _ => None,
    }
}

fn integer_len(head: u8) -> Option<usize> {
    match head {
        b'a'..=b'z' => Some((head - b'a') as usize + 2),
        b'A'..=b'Z' => Some((b'Z' - head) as usize + 2),
        _ => None,
    }
}

/// Checks that `key` is a well-formed order key.
pub fn validate(key: &str) -> Result<(), RankError> {
    let invalid = || RankError::Invalid(key.to_owned());
    let bytes = key.as_bytes();
    if key == SMALLEST_INTEGER || bytes.is_empty() {
        return Err(invalid());
    }
    let len = integer_len(bytes[0]).ok_or_else(invalid)?;
    if bytes.len() < len || bytes.iter().any(|&c| digit_index(c).is_none()) {
        return Err(invalid());
    }
    if bytes.len() > len && bytes[bytes.len() - 1] == ZERO {
        return Err(invalid());
    }
    Ok(())
}

fn split(key: &str) -> (&str, &str) {
    let len = integer_len(key.as_bytes()[0]).expect("validated key");
    key.split_at(len)
}

fn midpoint(a: &[u8], b: Option<&[u8]>) -> Vec<u8> {
    if let Some(b) = b {
        let mut n = 0;
        while n < b.len() && a.get(n).copied().unwrap_or(ZERO) == b[n] {
            n += 1;
        }
        if n > 0 {
            let mut out = b[..n].to_vec();
            out.extend(midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..])));
            return out;
        }
    }
    let da = a.first().map_or(0, |&c| digit_index(c).unwrap_or(0));
    let db = b.map_or(DIGITS.len(), |b| digit_index(b[0]).unwrap_or(0));
    if db - da > 1 {
        vec![DIGITS[(da + db).div_ceil(2)]]
    } else if let Some(b) = b.filter(|b| b.len() > 1) {
        vec![b[0]]
    } else {
        let mut out = vec![DIGITS[da]];
        out.extend(midpoint(a.get(1..).unwrap_or(&[]), None));
        out
    }
}

fn increment_integer(x: &str) -> Option<String> {
    let bytes = x.as_bytes();
    let head = bytes[0];
    let mut digs = bytes[1..].to_vec();
    let mut carry = true;
    for d in digs.iter_mut().rev() {
        let next = digit_index(*d)? + 1;
        if next == DIGITS.len() {
            *d = ZERO;
        } else {
            *d = DIGITS[next];
            carry = false;
            break;
        }
    }
    if carry {
        if head == b'Z' {
            return Some("a0".to_owned());
        }
        if head == b'z' {
            return None;
        }
        let h = head + 1;
        if h > b'a' {
            digs.push(ZERO);
        } else {
            digs.pop();
        }
        digs.insert(0, h);
        return String::from_utf8(digs).ok();
    }
    digs.insert(0, head);
    String::from_utf8(digs).ok()
}

fn decrement_integer(x: &str) -> Option<String> {
    let bytes = x.as_bytes();
    let head = bytes[0];
    let mut digs = bytes[1..].to_vec();
    let mut borrow = true;
    for d in digs.iter_mut().rev() {
        let idx = digit_index(*d)?;
        if idx == 0 {
            *d = DIGITS[DIGITS.len() - 1];
        } else {
            *d = DIGITS[idx - 1];
            borrow = false;
            break;
        }
    }
    if borrow {
        if head == b'a' {
            return Some(format!("Z{}", DIGITS[DIGITS.len() - 1] as char));
        }
        if head == b'A' {
            return None;
        }
        let h = head - 1;
        if h < b'Z' {
            digs.push(DIGITS[DIGITS.len() - 1]);
        } else {
            digs.pop();
        }
        digs.insert(0, h);
        return String::from_utf8(digs).ok();
    }
    digs.insert(0, head);
    String::from_utf8(digs).ok()
}

/// A key that sorts strictly between `a` and `b` (`None` is the open end).
pub fn between(a: Option<&str>, b: Option<&str>) -> Result<String, RankError> {
    for k in [a, b].into_iter().flatten() {
        validate(k)?;
    }
    match (a, b) {
        (None, None) => Ok(FIRST.to_owned()),
        (Some(a), Some(b)) if a >= b => Err(RankError::OutOfOrder(a.to_owned(), b.to_owned())),
        (None, Some(b)) => {
            let (ib, fb) = split(b);
            if ib == SMALLEST_INTEGER {
                let mut out = ib.as_bytes().to_vec();
                out.extend(midpoint(b"", Some(fb.as_bytes())));
                return Ok(String::from_utf8(out).expect("ascii"));
            }
            if ib.len() < b.len() {
                return Ok(ib.to_owned());
            }
            decrement_integer(ib).ok_or(RankError::Exhausted)
        }
        (Some(a), None) => {
            let (ia, fa) = split(a);
            match increment_integer(ia) {
                Some(i) => Ok(i),
                None => {
                    let mut out = ia.as_bytes().to_vec();
                    out.extend(midpoint(fa.as_bytes(), None));
                    Ok(String::from_utf8(out).expect("ascii"))
                }
            }
        }
        (Some(a), Some(b)) => {
            let (ia, fa) = split(a);
            let (ib, fb) = split(b);
            let mid = if ia == ib {
                let mut out = ia.as_bytes().to_vec();
                out.extend(midpoint(fa.as_bytes(), Some(fb.as_bytes())));
                out
            } else {
                let i = increment_integer(ia).ok_or(RankError::Exhausted)?;
                if i.as_str() < b {
                    return Ok(i);
                }
                let mut out = ia.as_bytes().to_vec();
                out.extend(midpoint(fa.as_bytes(), None));
                out
            };
            Ok(String::from_utf8(mid).expect("ascii"))
        }
    }
}

/// `n` keys in increasing order after `after` (bulk appends, generators,
/// re-ranking a whole list).
pub fn sequence(after: Option<&str>, n: usize) -> Result<Vec<String>, RankError> {
    let mut out = Vec::with_capacity(n);
    let mut last = after.map(str::to_owned);
    for _ in 0..n {
        let next = between(last.as_deref(), None)?;
        out.push(next.clone());
        last = Some(next);
    }
    Ok(out)
}

/// `n` keys in increasing order strictly between `a` and `b`, split by
/// halves so their length grows with log(n), not n.
pub fn spread(a: Option<&str>, b: Option<&str>, n: usize) -> Result<Vec<String>, RankError> {
    let mut out = Vec::with_capacity(n);
    spread_into(a, b, n, &mut out)?;
    Ok(out)
}

fn spread_into(a: Option<&str>, b: Option<&str>, n: usize, out: &mut Vec<String>) -> Result<(), RankError> {
    if n == 0 {
        return Ok(());
    }
    let mid = between(a, b)?;
    let left = (n - 1) / 2;
    spread_into(a, Some(&mid), left, out)?;
    out.push(mid.clone());
    spread_into(Some(&mid), b, n - 1 - left, out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn spread_fills_a_gap_in_order_with_short_keys() {
        for (a, b) in [(None, None), (Some("a0"), Some("a1")), (None, Some("a0")), (Some("Zz"), None)] {
            let keys = spread(a, b, 1000).unwrap();
            assert_eq!(keys.len(), 1000);
            assert!(keys.windows(2).all(|w| w[0] < w[1]), "in order");
            assert!(a.is_none_or(|a| keys[0].as_str() > a) && b.is_none_or(|b| keys[999].as_str() < b));
            let longest = keys.iter().map(String::len).max().unwrap();
            assert!(longest <= 16, "keys stay short: {longest}");
        }
        assert!(spread(Some("a0"), Some("a1"), 0).unwrap().is_empty());
    }

    #[test]
    fn known_values() {
        assert_eq!(between(None, None).unwrap(), "a0");
        assert_eq!(between(Some("a0"), None).unwrap(), "a1");
        assert_eq!(between(None, Some("a0")).unwrap(), "Zz");
        assert_eq!(between(Some("a0"), Some("a1")).unwrap(), "a0V");
        assert_eq!(between(Some("a0V"), Some("a1")).unwrap(), "a0l");
        assert_eq!(between(Some("Zz"), Some("a0")).unwrap(), "ZzV");
        assert_eq!(between(Some("az"), None).unwrap(), "b00");
    }

    #[test]
    fn rejects_bad_input() {
        assert!(between(Some("a1"), Some("a0")).is_err());
        assert!(between(Some("a0"), Some("a0")).is_err());
        assert!(validate("a00").is_err());
        assert!(validate("!").is_err());
        assert!(validate("").is_err());
    }

    #[test]
    fn appending_many_keeps_keys_short() {
        let keys = sequence(None, 100_000).unwrap();
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| k.len() <= 5), "{}", keys.last().unwrap());
    }

    #[test]
    fn prepending_many_keeps_keys_short() {
        let mut first = FIRST.to_owned();
        for _ in 0..10_000 {
            let k = between(None, Some(&first)).unwrap();
            assert!(k < first);
            first = k;
        }
        assert!(first.len() <= 5, "{first}");
    }

    proptest! {
        /// Random moves of items in a list keep the keys strictly ordered
        /// and valid: the list sorted by key is exactly the intended order.
        #[test]
        fn random_moves_keep_strict_order(
            moves in proptest::collection::vec((0usize..40, 0usize..41), 1..300)
        ) {
            let mut order: Vec<(usize, String)> =
                sequence(None, 40).unwrap().into_iter().enumerate().collect();
            for (from, to) in moves {
                let (id, _) = order.remove(from % order.len());
                let to = to.min(order.len());
                let before = to.checked_sub(1).map(|i| order[i].1.as_str());
                let after = order.get(to).map(|x| x.1.as_str());
                let key = between(before, after).unwrap();
                validate(&key).unwrap();
                order.insert(to, (id, key));
                prop_assert!(order.windows(2).all(|w| w[0].1 < w[1].1));
            }
        }
    }
}
