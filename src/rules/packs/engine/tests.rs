use super::units::table_cells;
use super::*;

#[test]
fn table_cells_skip_separators_and_trim() {
    let src = "| 序号 | 任务 |\n|---|---|\n| 1 | 建设 X 项目 |\n正文\n";
    let cells: Vec<&str> = table_cells(src).into_iter().map(|s| &src[s]).collect();
    assert_eq!(cells, ["序号", "任务", "1", "建设 X 项目"]);
}

#[test]
fn exceptions_cover_only_around_the_match() {
    let t = "一带一路倡议";
    assert!(covered(t, &(0..6), "一带一路"));
    assert!(!covered(t, &(0..6), "倡议"));
}
