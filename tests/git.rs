//! The workspace through real git: every path that merges (merge, rebase,
//! cherry-pick, stash pop, pull from another clone) goes through backlog's
//! merge driver, and a clone without the driver is repaired by
//! `backlog git resolve`. Each test drives the `git` binary and the
//! `backlog` binary on a repository of its own; it is skipped, saying why,
//! where git is missing.

mod common;

use backlog::domain::SCHEMA_VERSION;
use backlog::store::codec;
use common::repo::*;
use std::path::Path;

#[test]
fn setup_is_one_idempotent_command_and_status_tells_whether_it_is_installed() {
    if !have_git() {
        return;
    }
    let repo = Repo::bare_init();
    repo.bl(&["init", "--no-git"]);
    let status = repo.bl(&["git", "status"]);
    assert!(status.contains("NOT installed"), "{status}");
    let json: serde_json::Value = serde_json::from_str(&repo.bl(&["--json", "git", "status"])).unwrap();
    assert_eq!(json["installed"], false);

    repo.bl(&["git", "setup"]);
    repo.bl(&["git", "setup"]);
    let attrs = std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap();
    assert_eq!(
        attrs, "/backlog.json merge=backlog\n/backlog.archive.json merge=backlog\n",
        "added once, with the archive"
    );
    let driver = repo.git(&["config", "--get", "merge.backlog.driver"]);
    assert!(driver.trim().ends_with("merge-driver %O %A %B %P %X %Y"), "{driver}");
    assert_eq!(repo.git(&["check-attr", "merge", "--", "backlog.json"]).trim(), "backlog.json: merge: backlog");
    assert_eq!(
        repo.git(&["check-attr", "merge", "--", "backlog.archive.json"]).trim(),
        "backlog.archive.json: merge: backlog"
    );
    let json: serde_json::Value = serde_json::from_str(&repo.bl(&["--json", "git", "status"])).unwrap();
    assert_eq!(json["installed"], true);
    assert!(repo.bl(&["git", "status"]).contains("The merge driver is installed."));

    // `init --git` does it in one go, for a file in a subfolder too.
    std::fs::create_dir_all(repo.dir.join("docs")).unwrap();
    repo.bl(&["init", "--git", "docs/plan.json"]);
    let attrs = std::fs::read_to_string(repo.dir.join(".gitattributes")).unwrap();
    assert!(attrs.ends_with("/docs/plan.json merge=backlog\n/docs/plan.archive.json merge=backlog\n"), "{attrs}");
}

#[test]
fn disjoint_adds_on_two_branches_are_both_kept_with_distinct_keys() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    two_branches(
        &repo,
        |r| {
            r.bl(&["add", "Roadmap export"]);
            r.bl(&["add", "Dark mode"]);
        },
        |r| {
            r.bl(&["add", "Audit log"]);
        },
    );
    let out = repo.git_out(&["merge", "pm", "-m", "merge pm"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("BL-5 was created on both branches; the later one is now BL-7"), "{stderr}");
    no_markers(&repo);
    let ws = repo.ws();
    keys_unique(&ws);
    // The item created first keeps the key; the later one is the one the
    // message names as renumbered.
    let title = |k: &str| ws.item_by_key(k).map(|i| i.title.clone()).unwrap_or_default();
    assert_eq!(
        (title("BL-5"), title("BL-6"), title("BL-7")),
        ("Roadmap export".into(), "Dark mode".into(), "Audit log".into())
    );
    assert_eq!(ws.workspace.next_key, 8, "the counter passes every key handed out");
    let titles = repo.titles();
    for t in ["Roadmap export", "Dark mode", "Audit log"] {
        assert!(titles.contains(&t.to_owned()), "{t} kept: {titles:?}");
    }
    // Both sides created at the bottom: a strict order.
    assert_eq!(titles.len(), 7);
    clean_check(&repo);
    // The next item gets a new key.
    assert!(repo.bl(&["add", "After the merge"]).contains("BL-8"));
}

#[test]
fn different_fields_of_one_item_merge_cleanly() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    two_branches(
        &repo,
        |r| {
            r.bl(&["edit", "BL-3", "--title", "Invite a whole team"]);
        },
        |r| {
            r.bl(&["edit", "BL-3", "--points", "8", "--label", "growth"]);
        },
    );
    repo.git(&["merge", "pm", "-m", "merge"]);
    let ws = repo.ws();
    let it = ws.item_by_key("BL-3").unwrap();
    assert_eq!(
        (it.title.as_str(), it.estimate, it.labels.clone()),
        ("Invite a whole team", Some(8), vec!["growth".to_owned()])
    );
    assert!(ws.conflicts.is_empty());
}

#[test]
fn the_same_field_is_a_conflict_git_reports_and_conflicts_resolve_then_git_add_completes() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    two_branches(
        &repo,
        |r| {
            r.bl(&["edit", "BL-2", "--title", "Reset password by SMS"]);
        },
        |r| {
            r.bl(&["edit", "BL-2", "--title", "Reset password by email"]);
        },
    );
    let out = repo.git_out(&["merge", "pm", "-m", "merge"]);
    assert!(!out.status.success(), "git reports the conflict");
    assert!(text(&out.stdout).contains("CONFLICT"), "{}", text(&out.stdout));
    assert!(repo.unmerged());
    no_markers(&repo);
    let list: serde_json::Value = serde_json::from_str(&repo.bl(&["--json", "conflicts", "list"])).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["field"], "title");
    assert_eq!(list[0]["label"], "BL-2");
    assert_eq!(list[0]["base"], "Reset password");
    let values = [list[0]["ours"].as_str().unwrap(), list[0]["theirs"].as_str().unwrap()];
    assert!(values.contains(&"Reset password by SMS") && values.contains(&"Reset password by email"));
    let id = list[0]["id"].as_str().unwrap().to_owned();
    let keep_sms = if values[0] == "Reset password by SMS" { "ours" } else { "theirs" };
    repo.bl(&["conflicts", "resolve", &id, "--keep", keep_sms]);
    repo.git(&["add", "backlog.json"]);
    repo.git(&["commit", "-q", "--no-edit"]);
    assert!(!repo.unmerged());
    assert_eq!(repo.ws().item_by_key("BL-2").unwrap().title, "Reset password by SMS");
    assert!(repo.bl(&["conflicts", "list"]).contains("No open conflicts"));
}

#[test]
fn a_delete_against_an_edit_is_a_conflict_and_the_edit_survives() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    two_branches(
        &repo,
        |r| {
            r.bl(&["rm", "BL-4"]);
        },
        |r| {
            r.bl(&["edit", "BL-4", "--title", "Export CSV and XLSX"]);
        },
    );
    let out = repo.git_out(&["merge", "pm", "-m", "merge"]);
    assert!(!out.status.success());
    no_markers(&repo);
    let ws = repo.ws();
    let item = ws.items.iter().find(|i| i.key == "BL-4").unwrap();
    assert_eq!(item.title, "Export CSV and XLSX", "the edit is kept, whatever stays");
    let c: Vec<_> = ws.open_conflicts().collect();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].field, "deleted_at");
}

#[test]
fn reorders_on_both_sides_keep_both_and_the_same_item_moved_twice_is_a_conflict() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    two_branches(
        &repo,
        |r| {
            r.bl(&["rank", "BL-4", "--top"]);
        },
        |r| {
            r.bl(&["rank", "BL-1", "--after", "BL-2"]);
        },
    );
    repo.git(&["merge", "pm", "-m", "merge"]);
    let keys: Vec<String> = repo.items().into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["BL-4", "BL-2", "BL-1", "BL-3"]);
    assert!(repo.ws().conflicts.is_empty());

    let repo = Repo::new();
    two_branches(
        &repo,
        |r| {
            r.bl(&["rank", "BL-3", "--top"]);
        },
        |r| {
            r.bl(&["rank", "BL-3", "--bottom"]);
        },
    );
    assert!(!repo.git_out(&["merge", "pm", "-m", "merge"]).status.success());
    let ws = repo.ws();
    let c: Vec<_> = ws.open_conflicts().collect();
    assert_eq!((c.len(), c[0].field.as_str()), (1, "rank"));
}

#[test]
fn a_sprint_closed_on_one_branch_while_items_are_added_on_the_other() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["sprint", "new", "Sprint 1", "--capacity", "20"]);
    repo.bl(&["sprint", "add", "BL-1", "BL-2"]);
    repo.bl(&["sprint", "start"]);
    repo.bl(&["edit", "BL-1", "--status", "done"]);
    repo.commit("sprint");
    two_branches(
        &repo,
        |r| {
            r.bl(&["sprint", "close", "--goal-met", "yes"]);
        },
        |r| {
            r.bl(&["sprint", "add", "BL-3"]);
        },
    );
    let out = repo.git_out(&["merge", "pm", "-m", "merge"]);
    assert!(!out.status.success(), "a person decides where BL-3 goes");
    no_markers(&repo);
    let ws = repo.ws();
    let sprint = ws.sprint_by_name("Sprint 1").unwrap();
    assert_eq!(sprint.state.to_string(), "closed");
    assert_eq!(ws.item_by_key("BL-3").unwrap().sprint, None, "back to the backlog, as the close would have sent it");
    assert_eq!(ws.item_by_key("BL-2").unwrap().sprint, None, "unfinished work returned by the close");
    assert_eq!(ws.item_by_key("BL-1").unwrap().sprint, Some(sprint.meta.id), "done work stays with its sprint");
    let c: Vec<_> = ws.open_conflicts().collect();
    assert_eq!((c.len(), c[0].label.as_str(), c[0].field.as_str()), (1, "BL-3", "sprint"));
    // The history keeps what both branches logged.
    assert!(sprint.history.iter().any(|e| e.item == ws.item_by_key("BL-3").unwrap().meta.id));
    clean_check(&repo);
}

#[test]
fn initiatives_moved_between_horizons_on_both_branches() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["--role", "pm", "roadmap", "add", "Calendar sync", "--horizon", "later"]);
    repo.bl(&["--role", "pm", "roadmap", "add", "Payroll export", "--horizon", "next"]);
    repo.commit("roadmap");
    two_branches(
        &repo,
        |r| {
            r.bl(&["--role", "pm", "roadmap", "move", "R1", "now"]);
        },
        |r| {
            r.bl(&["--role", "pm", "roadmap", "move", "R2", "now", "--top"]);
        },
    );
    repo.git(&["merge", "pm", "-m", "merge"]);
    let ws = repo.ws();
    let now: Vec<&str> =
        ws.ranked_initiatives(backlog::domain::strategy::Horizon::Now).iter().map(|i| i.key.as_str()).collect();
    assert_eq!(now.len(), 2, "{now:?}");
    assert!(ws.conflicts.is_empty());

    // The same initiative moved to two horizons is a conflict.
    let repo = Repo::new();
    repo.bl(&["--role", "pm", "roadmap", "add", "Calendar sync", "--horizon", "later"]);
    repo.commit("roadmap");
    two_branches(
        &repo,
        |r| {
            r.bl(&["--role", "pm", "roadmap", "move", "R1", "now"]);
        },
        |r| {
            r.bl(&["--role", "pm", "roadmap", "move", "R1", "next"]);
        },
    );
    assert!(!repo.git_out(&["merge", "pm", "-m", "merge"]).status.success());
    let ws = repo.ws();
    assert!(ws.open_conflicts().any(|c| c.field == "horizon"));
}

#[test]
fn a_five_commit_rebase_goes_through_the_driver_at_every_step() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    for n in 1..=5 {
        repo.bl(&["add", &format!("Feature story {n}")]);
        repo.commit(&format!("feature {n}"));
    }
    repo.git(&["checkout", "-q", "main"]);
    repo.bl(&["add", "Main story"]);
    repo.bl(&["edit", "BL-1", "--title", "Sign up with email or Google"]);
    repo.commit("main");
    repo.git(&["checkout", "-q", "feature"]);
    let out = repo.git_out(&["rebase", "main"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    no_markers(&repo);
    let ws = repo.ws();
    keys_unique(&ws);
    has_titles(&repo, &["Main story", "Sign up with email or Google"]);
    let features: Vec<String> = (1..=5).map(|n| format!("Feature story {n}")).collect();
    has_titles(&repo, &features.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(repo.git(&["rev-list", "--count", "main..feature"]).trim(), "5");
    clean_check(&repo);
}

#[test]
fn cherry_pick_goes_through_the_driver() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "hotfix"]);
    repo.bl(&["add", "Fix login loop"]);
    repo.commit("hotfix");
    let pick = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "main"]);
    repo.bl(&["add", "Billing page"]);
    repo.commit("main");
    let out = repo.git_out(&["cherry-pick", &pick]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let ws = repo.ws();
    keys_unique(&ws);
    has_titles(&repo, &["Fix login loop", "Billing page"]);
}

#[test]
fn stash_pop_goes_through_the_driver() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    repo.bl(&["edit", "BL-2", "--points", "3"]);
    repo.bl(&["add", "Work in progress"]);
    repo.git(&["stash", "-q"]);
    repo.bl(&["add", "Urgent fix"]);
    repo.bl(&["edit", "BL-2", "--title", "Reset password safely"]);
    repo.commit("urgent");
    let out = repo.git_out(&["stash", "pop"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    no_markers(&repo);
    let ws = repo.ws();
    keys_unique(&ws);
    let it = ws.item_by_key("BL-2").unwrap();
    assert_eq!((it.title.as_str(), it.estimate), ("Reset password safely", Some(3)));
    has_titles(&repo, &["Work in progress", "Urgent fix"]);
}

#[test]
fn pull_from_a_second_clone_goes_through_the_driver() {
    if !have_git() {
        return;
    }
    let origin = Repo::new();
    let pm = origin.clone_to("pm");
    pm.bl(&["git", "setup"]);
    pm.bl(&["add", "From the PM's clone"]);
    pm.bl(&["edit", "BL-1", "--title", "Sign up in one step"]);
    pm.commit("pm work");
    origin.bl(&["add", "From origin"]);
    origin.bl(&["edit", "BL-1", "--points", "5"]);
    origin.commit("origin work");
    let out = pm.git_out(&["pull", "--no-rebase", "-q", "origin", "main"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    no_markers(&pm);
    let ws = pm.ws();
    keys_unique(&ws);
    let it = ws.item_by_key("BL-1").unwrap();
    assert_eq!((it.title.as_str(), it.estimate), ("Sign up in one step", Some(5)));
    has_titles(&pm, &["From the PM's clone", "From origin"]);
}

#[test]
fn a_clone_without_the_driver_is_repaired_by_git_resolve_or_by_opening_the_file() {
    if !have_git() {
        return;
    }
    let origin = Repo::new();
    for open_instead in [false, true] {
        let clone = origin.clone_to(if open_instead { "plain2" } else { "plain" });
        let status = clone.bl(&["git", "status"]);
        assert!(status.contains("NOT installed") && status.contains("not set in this clone"), "{status}");
        two_branches(
            &clone,
            |r| {
                r.bl(&["add", "Left"]);
                r.bl(&["edit", "BL-1", "--title", "Sign up, left"]);
            },
            |r| {
                r.bl(&["add", "Right"]);
                r.bl(&["edit", "BL-1", "--points", "8"]);
            },
        );
        let out = clone.git_out(&["merge", "pm", "-m", "merge"]);
        assert!(!out.status.success(), "git's line merge conflicts");
        assert!(clone.raw().contains("<<<<<<<"), "without the driver: markers");
        assert!(clone.bl(&["git", "status"]).contains("unmerged"));
        if open_instead {
            let out = clone.bl_out(&["list"]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            assert!(text(&out.stderr).contains("merged again from git's index"), "{}", text(&out.stderr));
        } else {
            let said = clone.bl(&["git", "resolve"]);
            assert!(said.contains("Merged backlog.json from git's index"), "{said}");
        }
        no_markers(&clone);
        let ws = clone.ws();
        keys_unique(&ws);
        let it = ws.item_by_key("BL-1").unwrap();
        assert_eq!((it.title.as_str(), it.estimate), ("Sign up, left", Some(8)));
        has_titles(&clone, &["Left", "Right"]);
        assert!(ws.conflicts.is_empty());
        clone.git(&["add", "backlog.json"]);
        clone.git(&["commit", "-q", "--no-edit"]);
        assert!(clone.bl(&["git", "resolve"]).contains("Nothing to resolve"));
    }
}

#[test]
fn the_driver_refuses_a_file_it_cannot_read_and_leaves_ours_untouched() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let dir = repo.dir.join("driver");
    std::fs::create_dir_all(&dir).unwrap();
    let good = repo.raw();
    let write = |name: &str, s: &str| {
        let p = dir.join(name);
        std::fs::write(&p, s).unwrap();
        p
    };
    let (o, a) = (write("o.json", &good), write("a.json", &good));
    let broken = write("b.json", &good.replace("\"items\"", "\"items\" oops"));
    let out = repo.bl_out(&[
        "merge-driver",
        o.to_str().unwrap(),
        a.to_str().unwrap(),
        broken.to_str().unwrap(),
        "backlog.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("cannot merge backlog.json") && err.contains("b.json:"), "{err}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), good, "%A untouched");

    // A newer schema is not merged either.
    let newer =
        write("n.json", &good.replace(&format!("\"schema_version\": {SCHEMA_VERSION}"), "\"schema_version\": 99"));
    let out = repo.bl_out(&["merge-driver", o.to_str().unwrap(), a.to_str().unwrap(), newer.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("schema version 99"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&a).unwrap(), good);
}

#[test]
fn the_driver_keeps_fields_it_does_not_know_from_both_sides() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    let dir = repo.dir.join("driver");
    std::fs::create_dir_all(&dir).unwrap();
    let good = repo.raw();
    let write = |name: &str, s: String| {
        let p = dir.join(name);
        std::fs::write(&p, s).unwrap();
        p
    };
    let o = write("o.json", good.clone());
    let a = write(
        "a.json",
        good.replacen("\"key\": \"BL-1\",", "\"key\": \"BL-1\",\n      \"x_ours\": {\"deep\": [1, 2]},", 1),
    );
    let b = write(
        "b.json",
        good.replacen(
            &format!("\"schema_version\": {SCHEMA_VERSION},"),
            &format!("\"schema_version\": {SCHEMA_VERSION},\n  \"x_top\": \"theirs\","),
            1,
        )
        .replacen("\"key\": \"BL-2\",", "\"key\": \"BL-2\",\n      \"x_theirs\": true,", 1),
    );
    let out = repo.bl_out(&["merge-driver", o.to_str().unwrap(), a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let merged: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&a).unwrap()).unwrap();
    assert_eq!(merged["x_top"], "theirs");
    let items = merged["items"].as_array().unwrap();
    assert_eq!(items[0]["x_ours"], serde_json::json!({"deep": [1, 2]}));
    assert_eq!(items[1]["x_theirs"], true);
    // Canonical bytes: merging again changes nothing.
    let bytes = std::fs::read(&a).unwrap();
    let ws = codec::decode(Path::new("a.json"), &bytes).unwrap().ws;
    assert_eq!(codec::encode(&ws), bytes);
}

/// Two branches archive different things (each closed one more item and
/// archived); a third edit on one branch touches an item the other moved
/// out. The merge keeps every item in exactly one place that counts: out
/// of the workspace what both moved, in it the edited one (and its copy
/// in the archive does not count), and the archive holds the union.
#[test]
fn branches_that_archived_different_things_merge_both_files() {
    if !have_git() {
        return;
    }
    let repo = Repo::new();
    // Backups are each clone's own, not the repository's.
    std::fs::write(repo.dir.join(".gitignore"), ".*.backups/\n").unwrap();
    repo.git(&["rm", "-r", "-q", "--cached", "--ignore-unmatch", ".backlog.json.backups"]);
    repo.bl(&["edit", "BL-1", "BL-2", "--status", "done"]);
    repo.commit("two done");
    let tomorrow = (chrono::Utc::now().date_naive() + chrono::Duration::days(1)).to_string();
    two_branches(
        &repo,
        |r| {
            r.bl(&["edit", "BL-3", "--status", "done"]);
            r.bl(&["archive", "--before", &tomorrow]);
        },
        |r| {
            r.bl(&["edit", "BL-4", "--status", "done"]);
            r.bl(&["archive", "--before", &tomorrow]);
        },
    );
    let out = repo.git_out(&["merge", "pm", "-m", "merge pm"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    no_markers(&repo);
    let archive_file = repo.dir.join("backlog.archive.json");
    assert!(!std::fs::read_to_string(&archive_file).unwrap().contains("<<<<<<<"));
    let ws = repo.ws();
    for k in ["BL-1", "BL-2", "BL-3", "BL-4"] {
        assert!(ws.item_by_key(k).is_none(), "{k} stays archived: {:?}", repo.items());
    }
    let archive = codec::decode(&archive_file, &std::fs::read(&archive_file).unwrap()).unwrap().ws;
    let mut keys: Vec<&str> = archive.items.iter().map(|i| i.key.as_str()).collect();
    keys.sort();
    assert_eq!(keys, ["BL-1", "BL-2", "BL-3", "BL-4"], "the archive holds what both moved");
    clean_check(&repo);
    let listed = repo.json(&["list", "--archived"]);
    assert_eq!(listed.as_array().unwrap().len(), 4, "{listed}");
    // Merged the other way round: the same two files.
    let (ours, archived) = (repo.raw(), std::fs::read_to_string(&archive_file).unwrap());
    repo.git(&["checkout", "-q", "pm"]);
    let out = repo.git_out(&["merge", "po", "-m", "merge po"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let items = |bytes: &[u8]| {
        let mut v = codec::decode(Path::new("x.json"), bytes).unwrap().ws.items;
        v.sort_by_key(|i| i.meta.id);
        v
    };
    assert_eq!(items(repo.raw().as_bytes()), items(ours.as_bytes()), "the workspace's items");
    assert_eq!(items(&std::fs::read(&archive_file).unwrap()), items(archived.as_bytes()), "the archive's");

    // One branch archives an item the other comments on: the comment is
    // kept, the item is back in the workspace, and archiving again moves
    // the commented version.
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "po"]);
    repo.bl(&["unarchive", "BL-1"]);
    repo.commit("BL-1 back");
    two_branches_named(
        &repo,
        ["pm2", "po2"],
        |r| {
            r.bl(&["archive", "--before", &tomorrow]);
        },
        |r| {
            r.bl(&["comment", "BL-1", "Reopened by support?"]);
        },
    );
    let out = repo.git_out(&["merge", "pm2", "-m", "merge pm2"]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
    let ws = repo.ws();
    let back = ws.item_by_key("BL-1").expect("the commented item is in the workspace");
    assert_eq!(back.comments.len(), 1);
    clean_check(&repo);
    let listed = repo.json(&["list", "--archived"]);
    assert!(!listed.as_array().unwrap().iter().any(|i| i["key"] == "BL-1"), "the workspace's copy counts: {listed}");
    repo.bl(&["archive", "--before", &tomorrow]);
    let archive = codec::decode(&archive_file, &std::fs::read(&archive_file).unwrap()).unwrap().ws;
    assert_eq!(archive.item_by_key("BL-1").unwrap().comments.len(), 1);
    assert!(repo.ws().item_by_key("BL-1").is_none());
}
