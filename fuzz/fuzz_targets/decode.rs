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
        // instead (checked by the `fix` target and tests/safety.rs).
        Encoding::Gb18030 => {
            let (back, _, bad) = encoding_rs::GB18030.decode(&again);
            assert!(!bad && back == text, "GB18030 text does not round-trip");
            // Re-encoded GB18030 can be valid UTF-8 (found by this target:
            // 28 EA A3 80 A3 A0 C7 A3 re-encodes € and U+3000 canonically
            // into bytes that are all valid UTF-8), and is then detected as
            // UTF-8: the only way detection may change.
            if let Ok((text2, enc2)) = decode(&again) {
                assert!(
                    text2 == text || (enc2 == Encoding::Utf8 && std::str::from_utf8(&again).is_ok()),
                    "{enc2:?}"
                );
            }
            return;
        }
        _ => assert_eq!(again, data, "{enc:?} does not round-trip"),
    }
    let (text2, _) = decode(&again).expect("re-encoded text decodes");
    assert_eq!(text, text2);
});
