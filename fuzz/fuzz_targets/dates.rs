//! Partial dates: parsing never panics, and what parses prints back to
//! the same EDTF and parses to the same date again.
#![no_main]
use explainer::dates::PartialDate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(d) = PartialDate::parse(text) {
        let again = PartialDate::parse(&d.edtf()).expect("EDTF form parses");
        assert_eq!(again, d);
        let _ = (
            d.display(),
            d.machine(),
            d.iso_day(),
            d.display_range(&again),
        );
        assert!(d.sort_key() <= d.end_key());
    }
});
