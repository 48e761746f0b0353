//! Inputs the fuzz targets in `fuzz/` found, fed exactly as they were, so
//! the normal test suite keeps them fixed.

use flow_poll::criteria::{parse_condition, ResponseView, MAX_CONDITION_DEPTH};

/// `arazzo` target: the parser recursed once per `!`, so a long run of them
/// overflowed the stack (an abort, not even a panic).
#[test]
fn arazzo_200k_negations_are_an_error_not_a_stack_overflow() {
    let input = format!("{}$statusCode", "!".repeat(200_000));
    let error = parse_condition(&input).unwrap_err();
    assert_eq!(error.offset(), MAX_CONDITION_DEPTH);
    assert!(error.message().contains("nest more than 64 deep"), "{}", error.message());
}

/// `arazzo` target: the same through `(`; 4,000 of them (inside the
/// fuzzer's 4,096-byte inputs) already overflowed its 8 MiB stack.
#[test]
fn arazzo_deep_parentheses_are_an_error_not_a_stack_overflow() {
    let unclosed = "(".repeat(4096);
    assert_eq!(parse_condition(&unclosed).unwrap_err().offset(), MAX_CONDITION_DEPTH);
    let balanced = format!("{}$statusCode == 200{}", "(".repeat(200_000), ")".repeat(200_000));
    assert_eq!(parse_condition(&balanced).unwrap_err().offset(), MAX_CONDITION_DEPTH);
}

#[test]
fn arazzo_nesting_up_to_the_bound_still_parses_and_evaluates() {
    let half = MAX_CONDITION_DEPTH / 2;
    let at_bound =
        format!("{}{}$statusCode == 200{}", "!!".repeat(half / 2), "(".repeat(half), ")".repeat(half));
    let condition = parse_condition(&at_bound).unwrap();
    let headers = http::HeaderMap::new();
    assert!(condition.matches(&ResponseView::new(200, &headers, b"", None)));
    assert!(!condition.to_string().is_empty());

    let over = format!("!{at_bound}");
    assert_eq!(parse_condition(&over).unwrap_err().offset(), MAX_CONDITION_DEPTH);
}
