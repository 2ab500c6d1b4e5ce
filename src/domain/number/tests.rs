use super::*;

#[test]
fn plain_numbers_read_as_rust_reads_them() {
    for (text, want) in [
        ("0", 0.0),
        ("22", 22.0),
        ("2.5", 2.5),
        (".5", 0.5),
        ("-3", -3.0),
        ("+4", 4.0),
        ("\u{2212}7", -7.0),
        ("  12 ", 12.0),
        ("1e3", 1000.0),
        ("-0", 0.0),
        // A point is the decimal mark, so three places after it are decimals.
        ("1.000", 1.0),
    ] {
        assert_eq!(parse(text), Ok(want), "{text:?}");
    }
    assert!(parse("-0").unwrap().is_sign_positive(), "-0 is stored as 0");
}

#[test]
fn a_comma_or_a_space_groups_thousands() {
    for (text, want) in [
        ("1,000", 1000.0),
        ("1,000.5", 1000.5),
        ("12,500,000", 12_500_000.0),
        ("-1,000", -1000.0),
        ("1 000", 1000.0),
        ("1\u{a0}000", 1000.0),
        ("1\u{202f}000", 1000.0),
        ("1\u{2009}000.25", 1000.25),
        ("100 000 000", 100_000_000.0),
        ("1,000.", 1000.0),
    ] {
        assert_eq!(parse(text), Ok(want), "{text:?}");
    }
}

#[test]
fn a_decimal_comma_is_refused_with_the_number_written_with_a_point() {
    for (text, fixed) in [
        ("2,5", "2.5"),
        ("0,125", "0.125"),
        ("1,00", "1.00"),
        ("1,5000", "1.5000"),
        ("-2,5", "-2.5"),
        ("1.000,5", "1,000.5"),
        ("1 000,5", "1 000.5"),
        ("1.000.000", "1,000,000"),
    ] {
        match parse(text) {
            Err(NumberError::Locale { text: t, fixed: f }) => {
                assert_eq!((t.as_str(), f.as_str()), (text, fixed));
            }
            other => panic!("{text:?}: {other:?}"),
        }
    }
    assert_eq!(parse("2,5").unwrap_err().to_string(), "\"2,5\": use a point for decimals: 2.5");
    assert_eq!(
        parse("1.000.000").unwrap_err().to_string(),
        "\"1.000.000\": use a point for decimals and a comma for thousands: 1,000,000"
    );
}

#[test]
fn groups_that_are_not_thousands_are_refused_and_say_how() {
    for text in ["1,0000,000", "12,34,567", "1,000 000", "1, 000", "1 2", "1,000,5"] {
        assert_eq!(parse(text), Err(NumberError::Grouping(text.into())), "{text:?}");
    }
    assert!(parse("1 2").unwrap_err().to_string().contains("group thousands in threes"));
}

#[test]
fn what_is_not_a_number_says_so() {
    assert_eq!(parse(""), Err(NumberError::Empty));
    assert_eq!(parse("  "), Err(NumberError::Empty));
    for text in ["abc", "27%", "-", "--5", "+-5", "NaN", "1.2.3.4.5x"] {
        assert_eq!(parse(text), Err(NumberError::NotANumber(text.into())), "{text:?}");
    }
    for text in ["inf", "-infinity", "1e999"] {
        assert_eq!(parse(text), Err(NumberError::TooLarge(text.into())), "{text:?}");
    }
}

#[test]
fn whole_numbers_take_groups_and_refuse_fractions_and_signs() {
    assert_eq!(parse_whole("8"), Ok(8));
    assert_eq!(parse_whole("1,000"), Ok(1000));
    assert_eq!(parse_whole("8.0"), Ok(8));
    assert_eq!(parse_whole("2.5"), Err(NumberError::NotWhole("2.5".into())));
    assert_eq!(parse_whole("-3"), Err(NumberError::Negative("-3".into())));
    assert_eq!(parse_whole("5000000000"), Err(NumberError::TooLarge("5000000000".into())));
    assert!(matches!(parse_whole("2,5"), Err(NumberError::Locale { .. })));
}

#[test]
fn a_list_is_split_so_that_a_number_may_keep_its_thousands_comma() {
    assert_eq!(split_list("8,5,3,4"), ["8", "5", "3", "4"]);
    assert_eq!(split_list("8, 5, 3, 4"), ["8", "5", "3", "4"]);
    assert_eq!(split_list("1,000, 2, 80, 3"), ["1,000", "2", "80", "3"]);
    assert_eq!(split_list("1,000; 2; 80; 3"), ["1,000", "2", "80", "3"]);
    assert_eq!(split_list("1 000;2;80;3"), ["1 000", "2", "80", "3"]);
    // Without a space after the commas every comma separates.
    assert_eq!(split_list("1,000,2,80,3"), ["1", "000", "2", "80", "3"]);
    assert_eq!(split_list(" 7 "), ["7"]);
}
