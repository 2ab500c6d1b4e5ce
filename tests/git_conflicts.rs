//! Settling the conflicts a git merge recorded, through the real `git` and
//! `backlog` binaries on repositories with the merge driver set up: the
//! list names each value's side the way git does and shows keys rather than
//! ids, every beginning of the id it shows finds the conflict, and a pick
//! that would break a rule (a link to a deleted epic, an epic under an
//! epic, a circle) is refused, naming the rule and the valid choice, so
//! `check` stays clean whatever is picked. Skipped, saying why, where git
//! is missing.

mod common;

use common::repo::*;
use std::process::Output;

/// The conflicts `conflicts list` shows: (short id, header line).
fn listed(repo: &Repo) -> Vec<(String, String)> {
    repo.bl(&["conflicts", "list"])
        .lines()
        .filter(|l| !l.starts_with(' ') && !l.starts_with("Settle"))
        .map(|l| (l.split_whitespace().next().unwrap().to_owned(), l.to_owned()))
        .collect()
}

fn resolve(repo: &Repo, id: &str, keep: &str) -> Output {
    repo.bl_out(&["conflicts", "resolve", id, "--keep", keep])
}

fn check_is_clean(repo: &Repo) {
    let out = repo.bl_out(&["check"]);
    assert!(out.status.success(), "check: {}", text(&out.stdout));
}

#[test]
fn keeping_a_link_to_an_epic_the_other_branch_deleted_is_refused() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["add", "Payments", "--kind", "epic"]);
    repo.commit("the epic");
    two_branches(
        &repo,
        |r| {
            r.bl(&["rm", "BL-5"]);
        },
        |r| {
            r.bl(&["add", "Refund a card", "--parent", "BL-5"]);
        },
    );
    // On po: merge pm, which deleted the epic BL-6 was just put under.
    let merge = repo.git_out(&["merge", "pm", "-m", "merge"]);
    assert!(!merge.status.success(), "git reports the repair as a conflict");
    assert_eq!(repo.ws().item_by_key("BL-6").unwrap().parent, None, "the merge cleared the dangling link");
    check_is_clean(&repo);

    let list = repo.bl(&["conflicts", "list"]);
    assert!(list.contains("BL-6 parent"), "{list}");
    assert!(list.contains("BL-5 (deleted)"), "the value is the epic's key, marked deleted: {list}");
    assert!(!list.contains(&repo.ws().item_by_key("BL-6").unwrap().meta.id.to_string()), "no ids: {list}");
    assert!(list.contains("the merge's repair: (none)") && list.contains("<- in the file now"), "{list}");
    assert!(list.contains("why     it pointed at BL-5 (deleted)"), "{list}");
    let [(id, _)] = listed(&repo).try_into().expect("one conflict");

    // Every beginning of the id shown finds it; keeping theirs is refused
    // each time, naming the rule and the choice that is valid.
    for n in 1..=id.len() {
        let out = resolve(&repo, &id[..n], "theirs");
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(err.contains("BL-6 parent cannot take theirs (before the repair: BL-5 (deleted))"), "{err}");
        assert!(err.contains("no parent item BL-5 (deleted)"), "the rule: {err}");
        assert!(err.contains("Keep ours (the merge's repair: (none))"), "the valid choice: {err}");
    }
    // The full id works too, and nothing was changed by the refusals.
    let full = repo.ws().open_conflicts().next().unwrap().id.to_string();
    assert_eq!(resolve(&repo, &full, "theirs").status.code(), Some(1));
    assert_eq!(repo.ws().item_by_key("BL-6").unwrap().parent, None);
    check_is_clean(&repo);

    let out = resolve(&repo, &id[..4], "ours");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("kept ours (the merge's repair)"), "{}", text(&out.stdout));
    assert_eq!(repo.bl(&["conflicts", "list"]).trim(), "No open conflicts.");
    check_is_clean(&repo);
    repo.git(&["add", "backlog.json"]);
    repo.git(&["commit", "-q", "--no-edit"]);
}

#[test]
fn two_picks_cannot_make_two_items_each_others_parent() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    // Each branch makes a different one of BL-1 and BL-2 the epic of the
    // other: merged, both are epics under each other, which the merge
    // repairs; picking "before the repair" twice would be a circle.
    two_branches(
        &repo,
        |r| {
            r.bl(&["edit", "BL-2", "--kind", "epic"]);
            r.bl(&["edit", "BL-1", "--parent", "BL-2"]);
        },
        |r| {
            r.bl(&["edit", "BL-1", "--kind", "epic"]);
            r.bl(&["edit", "BL-2", "--parent", "BL-1"]);
        },
    );
    assert!(!repo.git_out(&["merge", "pm", "-m", "merge"]).status.success());
    check_is_clean(&repo);
    let conflicts = listed(&repo);
    let parents: Vec<&(String, String)> = conflicts.iter().filter(|(_, l)| l.contains(" parent ")).collect();
    assert_eq!(parents.len(), 2, "{conflicts:?}");
    for (id, line) in &parents {
        let out = resolve(&repo, id, "theirs");
        assert_eq!(out.status.code(), Some(1), "{line}: {}", text(&out.stdout));
        assert!(text(&out.stderr).contains("an epic cannot have a parent epic"), "{}", text(&out.stderr));
    }
    check_is_clean(&repo);
    let ws = repo.ws();
    let (a, b) = (ws.item_by_key("BL-1").unwrap(), ws.item_by_key("BL-2").unwrap());
    assert!(a.parent.is_none() && b.parent.is_none(), "no circle: {:?} {:?}", a.parent, b.parent);
}

#[test]
fn ours_and_theirs_are_this_branch_and_the_merged_branch_whichever_edit_the_file_kept() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    // pm edits first, po later: the merge keeps the later edit.
    two_branches(
        &repo,
        |r| {
            r.bl(&["edit", "BL-1", "--title", "Sign up with a magic link"]);
        },
        |r| {
            r.bl(&["edit", "BL-1", "--title", "Sign up with Google"]);
        },
    );
    // Merge po into pm: ours (pm) is the earlier edit, theirs (po) is kept.
    repo.git(&["checkout", "-q", "pm"]);
    assert!(!repo.git_out(&["merge", "po", "-m", "merge"]).status.success());
    assert_eq!(repo.ws().item_by_key("BL-1").unwrap().title, "Sign up with Google");
    let list = repo.bl(&["conflicts", "list"]);
    assert!(list.contains("ours    this branch: Sign up with a magic link\n"), "{list}");
    assert!(list.contains("theirs  the merged branch (po): Sign up with Google   <- in the file now"), "{list}");
    let json: serde_json::Value = serde_json::from_str(&repo.bl(&["conflicts", "list", "--json"])).unwrap();
    assert_eq!(json[0]["kept"], "theirs");
    assert_eq!(json[0]["ours_from"], "this branch");
    assert_eq!(json[0]["theirs_from"], "the merged branch (po)");

    // Keeping ours puts this branch's value back.
    let [(id, _)] = listed(&repo).try_into().expect("one conflict");
    let out = resolve(&repo, &id, "ours");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("kept ours (this branch)"), "{}", text(&out.stdout));
    assert_eq!(repo.ws().item_by_key("BL-1").unwrap().title, "Sign up with a magic link");
    check_is_clean(&repo);
}

/// A release one branch deleted while the other put an item in it: the
/// merge clears the item's release as deleting it would have, records it
/// for a person, and keeping the link is refused; the team merges by
/// person, and a person's days off from both branches are kept.
#[test]
fn an_item_put_in_a_release_the_other_branch_deleted_is_repaired_and_the_team_merges_by_person() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["release", "new", "2.0", "--target", "2099-03-31"]);
    repo.bl(&["team", "add", "ana", "--capacity", "10"]);
    repo.commit("a release and the team");
    two_branches(
        &repo,
        |r| {
            r.bl(&["release", "rm", "2.0"]);
            r.bl(&["team", "add", "bo", "--capacity", "8"]);
            r.bl(&["team", "off", "ana", "2099-03-02"]);
        },
        |r| {
            r.bl(&["edit", "BL-2", "--release", "2.0"]);
            r.bl(&["team", "add", "cy", "--capacity", "6"]);
            r.bl(&["team", "off", "ana", "2099-03-04"]);
        },
    );
    let merge = repo.git_out(&["merge", "pm", "-m", "merge"]);
    assert!(!merge.status.success(), "git reports the repair as a conflict");
    let ws = repo.ws();
    assert_eq!(ws.item_by_key("BL-2").unwrap().release, None, "the merge cleared the dangling release");
    assert!(ws.release_by_name("2.0").is_none(), "the delete holds");
    let mut team: Vec<&str> = ws.live_members().map(|m| m.name.as_str()).collect();
    team.sort_unstable();
    assert_eq!(team, ["ana", "bo", "cy"], "both branches' people");
    let ana = ws.member_by_name("ana").unwrap();
    let days: Vec<String> = ana.days_off.iter().map(|d| d.to_string()).collect();
    assert_eq!(days, ["2099-03-02", "2099-03-04"], "days off are a set: both kept");
    check_is_clean(&repo);

    let list = repo.bl(&["conflicts", "list"]);
    assert!(list.contains("BL-2 release"), "{list}");
    assert!(list.contains("why     it pointed at release 2.0 (deleted)"), "{list}");
    let [(id, _)] = listed(&repo).try_into().expect("one conflict");
    let out = resolve(&repo, &id, "theirs");
    assert_eq!(out.status.code(), Some(1), "keeping the link is refused: {}", text(&out.stderr));
    assert!(text(&out.stderr).contains("): no release 2.0 (deleted). Keep ours"), "{}", text(&out.stderr));
    assert!(resolve(&repo, &id, "ours").status.success());
    check_is_clean(&repo);
}

/// Two branches making a release (and a person) of one name: the merge
/// keeps both, the later-made renamed "NAME (2)" and recorded, so that a
/// name still finds one release and `check` stays clean.
#[test]
fn a_release_and_a_person_named_alike_on_two_branches_are_both_kept_apart() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    two_branches(
        &repo,
        |r| {
            r.bl(&["release", "new", "2.1", "--target", "2099-03-31"]);
            r.bl(&["team", "add", "ana", "--capacity", "10"]);
        },
        |r| {
            r.bl(&["release", "new", "2.1", "--target", "2099-04-30"]);
            r.bl(&["team", "add", "Ana", "--capacity", "8"]);
        },
    );
    let merge = repo.git_out(&["merge", "pm", "-m", "merge"]);
    assert!(!merge.status.success(), "git reports the renames as conflicts");
    let ws = repo.ws();
    let mut releases: Vec<&str> = ws.live_releases().map(|r| r.name.as_str()).collect();
    releases.sort_unstable();
    assert_eq!(releases, ["2.1", "2.1 (2)"]);
    let mut team: Vec<String> = ws.live_members().map(|m| m.name.to_lowercase()).collect();
    team.sort_unstable();
    assert_eq!(team, ["ana", "ana (2)"]);
    check_is_clean(&repo);
    let list = repo.bl(&["conflicts", "list"]);
    assert!(list.contains("release 2.1 (2) name") || list.contains("name"), "{list}");
    assert!(list.contains("both sides named one \"2.1\""), "{list}");
}
