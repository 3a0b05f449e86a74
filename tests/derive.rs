//! Compile-time errors of `#[derive(Model)]`: each case in `tests/ui/` must fail to build
//! with the message and span recorded in its `.stderr` file.

#[test]
fn derive_model_mistakes_are_compile_errors_at_the_right_span() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
