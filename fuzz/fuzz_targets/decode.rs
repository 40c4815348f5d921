//! bytes → decode: never panics; decoded text re-encodes to text that
//! decodes the same; UTF-8 and UTF-16 re-encode byte-exactly.
#![no_main]

use gwlint::load::{decode, Encoding};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, enc)) = decode(data) else {
        return;
    };
    let again = enc.encode(&text);
    match enc {
        // GB18030 has 20 byte sequences that decode and re-encode
        // differently (0x80 ↔ €); the fix writer copies original bytes
        // instead (checked by the `fix` target).
        Encoding::Gb18030 => {}
        _ => assert_eq!(again, data, "{enc:?} does not round-trip"),
    }
    let (text2, _) = decode(&again).expect("re-encoded text decodes");
    assert_eq!(text, text2);
});
