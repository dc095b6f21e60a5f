//! AIRS/211 taxonomy codes to Frontdoor need labels (DESIGN.md §5).
//!
//! The table follows the §5 branches (BD food, BH-1800 shelter, BH housing, ...) and refines
//! them where a branch mixes needs: abuse and violence terms sit under P, F, R and Y; newcomer,
//! older-adult and disability populations are Y sub-branches; some terms belong to two needs
//! (English as a Second Language is education and newcomers). The longest matching rule wins,
//! so a specific rule overrides its branch.

use frontdoor_core::types::NeedLabel;
use NeedLabel::*;

/// One rule: a code prefix and the needs it means.
type Rule = (&'static str, &'static [NeedLabel]);

/// The rules, broad branches first; order does not matter (the longest prefix wins).
const RULES: &[Rule] = &[
    // B: basic needs.
    ("BD", &[Food]),
    ("BH", &[Housing]),
    ("BH-1800", &[Shelter]),
    ("BH-1800.1500-080", &[Shelter, AbuseViolence]),
    ("BH-1800.1500-100", &[Shelter, AbuseViolence]),
    ("BH-1800.1500-330", &[Shelter, Newcomers]),
    ("BH-3900.3050-180", &[Housing, Seniors, Disability]),
    ("BH-8400.6000", &[Housing, Disability]),
    ("BH-8500.8000", &[Housing, Seniors]),
    ("BM", &[MaterialGoods]),
    ("BT", &[Transportation]),
    ("BT-4500.4700-800", &[Transportation, Seniors]),
    ("BT-4500.6500-170", &[Transportation, Disability]),
    ("BT-4500.6500-800", &[Transportation, Seniors]),
    ("BV", &[Utilities]),
    // D: consumer services (money management, debt, taxes).
    ("DM", &[Income]),
    ("DT-8800", &[Income]),
    // F: criminal justice and legal services.
    ("F", &[Legal]),
    ("FF-1500.3300", &[Legal, Newcomers]),
    ("FN-1500.1900", &[AbuseViolence]),
    ("FN-1500.8150", &[AbuseViolence]),
    ("FN-1500.9100", &[AbuseViolence]),
    ("FN-1700", &[AbuseViolence]),
    ("FT-1000.3300", &[Legal, Newcomers]),
    ("FT-2450", &[Legal, Seniors]),
    ("FT-3000.1750", &[Legal, AbuseViolence]),
    ("FT-3500", &[Legal, Newcomers]),
    ("FT-3600", &[Legal, Newcomers]),
    ("FT-4500", &[Legal, Housing]),
    // H: education.
    ("H", &[Education]),
    ("HD-1800", &[Education, FamilyChildren]),
    ("HH-0500.1500", &[Education, Newcomers]),
    ("HH-0500.8000", &[Education, Newcomers]),
    ("HL-8500.1400", &[Education, Newcomers]),
    // L: health care.
    ("L", &[Health]),
    ("LH-0350", &[Health, Seniors, Disability]),
    ("LR-1700", &[Health, Disability]),
    ("LR-3100", &[Health, Disability]),
    // N: income support and employment.
    ("N", &[Income]),
    ("ND", &[Employment]),
    ("ND-6500.1500", &[Employment, Disability]),
    ("ND-6500.1800", &[Employment, Disability]),
    ("ND-6500.3300", &[Employment, Newcomers]),
    ("ND-6500.8000", &[Employment, Seniors]),
    ("ND-9000", &[Employment, Disability]),
    ("NL-1000.7000", &[Income, Newcomers]),
    ("NL-3000", &[Income, FamilyChildren]),
    ("NL-5000", &[Health, Income]),
    ("NL-6000", &[Food, Income]),
    ("NS-1800", &[Income, Disability]),
    ("NS-7000", &[Income, Seniors]),
    ("NS-8000", &[Health, Income]),
    // P: individual and family life. Only the family, child, abuse and care branches are
    // needs; recreation, pets, burial and volunteering are not.
    ("PH-0300", &[FamilyChildren]),
    ("PH-0320", &[Seniors]),
    ("PH-0500", &[Disability]),
    ("PH-0700", &[Income]),
    ("PH-0800", &[Seniors]),
    ("PH-1250", &[FamilyChildren]),
    ("PH-1400", &[FamilyChildren]),
    ("PH-1450", &[Newcomers]),
    ("PH-2360", &[FamilyChildren]),
    ("PH-2400", &[FamilyChildren]),
    ("PH-2950", &[Food, MaterialGoods]),
    ("PH-3300", &[Seniors]),
    ("PH-3500", &[Newcomers]),
    ("PH-6000", &[FamilyChildren]),
    ("PH-6100", &[FamilyChildren]),
    ("PH-6300", &[FamilyChildren]),
    ("PH-6500", &[AbuseViolence]),
    ("PH-6500.0500-180", &[AbuseViolence, Seniors]),
    ("PH-7000", &[Seniors, Disability]),
    ("PH-8000", &[Shelter]),
    ("PL-6400", &[FamilyChildren]),
    ("PN-8100.0200", &[AbuseViolence]),
    ("PS-6500", &[FamilyChildren]),
    ("PS-9800", &[FamilyChildren]),
    // R: mental health and substance use.
    ("R", &[MentalHealth]),
    ("RX", &[SubstanceUse]),
    ("RP-1400.8000-020", &[AbuseViolence, MentalHealth]),
    ("RP-1400.8000-800", &[AbuseViolence, MentalHealth]),
    ("RP-1500.1400-150", &[AbuseViolence]),
    ("RP-1500.1400-200", &[AbuseViolence]),
    ("RP-1500.1400-750", &[AbuseViolence]),
    // T: organisational and community services.
    ("TC-5500.8000", &[Seniors]),
    // Y: target populations.
    ("YB-8000", &[Seniors]),
    ("YE-1460", &[Newcomers]),
    ("YE-3300", &[Newcomers]),
    ("YE-7000", &[Newcomers]),
    ("YF-1800", &[Disability]),
    ("YF-2000", &[Seniors]),
    ("YF-2200", &[Disability]),
    ("YF-4500", &[Disability]),
    ("YF-5000", &[MentalHealth]),
    ("YF-6500", &[Disability]),
    ("YF-8000", &[Disability]),
    ("YJ-2075", &[AbuseViolence]),
    ("YJ-3500", &[SubstanceUse]),
    ("YJ-6750", &[Disability]),
    ("YJ-8750", &[Disability]),
    ("YL-3500.9500", &[Disability]),
    ("YM-1500.1900", &[AbuseViolence]),
    ("YP-1000", &[AbuseViolence]),
    ("YX", &[AbuseViolence]),
    ("YZ-1450", &[AbuseViolence]),
    ("YZ-1700", &[Disability]),
    ("YZ-1750", &[AbuseViolence]),
    ("YZ-3350", &[Newcomers]),
    ("YZ-6100", &[Seniors]),
    ("YZ-8200", &[AbuseViolence]),
];

/// True when `code` has the shape of an AIRS/211 code (`BD`, `BD-1800`, `BD-1800.2000`,
/// `RP-1400.8000-020.18`), so other vocabularies' ids never map to needs by accident.
pub fn is_airs_code(code: &str) -> bool {
    let b = code.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if letters == 0 || letters > 2 {
        return false;
    }
    let rest = &code[letters..];
    if rest.is_empty() {
        return true;
    }
    // -NNNN(.NNNN(-NNN(.NN)?)?)?
    let seps = ['-', '.', '-', '.'];
    let widths = [4, 4, 3, 2];
    let mut tail = rest;
    for (sep, width) in seps.into_iter().zip(widths) {
        if tail.is_empty() {
            return true;
        }
        let Some(after) = tail.strip_prefix(sep) else {
            return false;
        };
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        if digits != width {
            return false;
        }
        tail = &after[digits..];
    }
    tail.is_empty()
}

/// True when `code` falls under `prefix` at a code boundary (`BD` covers `BD-1800` but `B`
/// covers `BD` too: one-letter prefixes are whole top-level sections).
pub fn code_is_under(code: &str, prefix: &str) -> bool {
    if !code.starts_with(prefix) {
        return false;
    }
    if prefix.len() == 1 || code.len() == prefix.len() {
        return true;
    }
    matches!(code.as_bytes()[prefix.len()], b'-' | b'.')
}

/// Every prefix `code` is under, in the sense of [`code_is_under`] (`BH-1800.8500`: `B`, `BH`,
/// `BH-1800`, `BH-1800.8500`). Indexes that can only match exact keywords (Qdrant) store this
/// list, so that matching any of the wanted prefixes means what [`code_is_under`] means.
pub fn prefixes_of(code: &str) -> Vec<&str> {
    (0..=code.len())
        .filter(|&end| code.is_char_boundary(end) && code_is_under(code, &code[..end]))
        .map(|end| &code[..end])
        .collect()
}

/// The needs an AIRS code means, from its most specific rule; empty for codes with no need
/// (recreation, volunteering, most target populations).
pub fn needs_for_code(code: &str) -> &'static [NeedLabel] {
    if !is_airs_code(code) {
        return &[];
    }
    RULES
        .iter()
        .filter(|(prefix, _)| code_is_under(code, prefix))
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, needs)| *needs)
        .unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_table_branches_map_to_their_labels() {
        let cases: &[(&str, &[NeedLabel])] = &[
            ("BD-1800.2000", &[Food]),
            ("BH-1800.8500", &[Shelter]),
            ("BH-3800", &[Housing]),
            ("BV-8900", &[Utilities]),
            ("NL-1000", &[Income]),
            ("ND-3500", &[Employment]),
            ("LV-1600", &[Health]),
            ("RP-1400", &[MentalHealth]),
            ("RX-8450", &[SubstanceUse]),
            ("FT-3200", &[Legal]),
            ("BT-4500", &[Transportation]),
            ("BM-3000", &[MaterialGoods]),
            ("HH-4500", &[Education]),
            ("YB-8000", &[Seniors]),
            ("YE-7000", &[Newcomers]),
            ("YF-6500", &[Disability]),
            ("PH-1250.1400", &[FamilyChildren]),
        ];
        for (code, want) in cases {
            assert_eq!(needs_for_code(code), *want, "{code}");
        }
    }

    #[test]
    fn specific_rules_override_their_branch() {
        assert_eq!(
            needs_for_code("BH-1800.1500-100"),
            &[Shelter, AbuseViolence],
            "domestic violence shelters"
        );
        assert_eq!(
            needs_for_code("RP-1500.1400-200"),
            &[AbuseViolence],
            "domestic violence hotlines"
        );
        assert_eq!(needs_for_code("HH-0500.8000-150"), &[Education, Newcomers], "ESL");
        assert_eq!(needs_for_code("NL-6000.2000-220"), &[Food, Income], "SNAP applications");
    }

    #[test]
    fn codes_without_a_need_and_foreign_ids_map_to_nothing() {
        for code in [
            "PX-1800",
            "YB-9500.1500-630",
            "TJ-3000.8000",
            "JR-1900",
            "df7be950-1b0f-11e9",
            "food",
        ] {
            assert!(needs_for_code(code).is_empty(), "{code}");
        }
    }

    #[test]
    fn airs_code_shapes() {
        for ok in [
            "B",
            "BD",
            "BD-1800",
            "BD-1800.2000",
            "RP-1400.8000-020",
            "RP-1400.8000-020.18",
        ] {
            assert!(is_airs_code(ok), "{ok}");
        }
        for bad in ["", "bd", "BDX", "BD-18", "BD-1800.20", "BD-1800x", "123"] {
            assert!(!is_airs_code(bad), "{bad}");
        }
        assert!(code_is_under("BD-1800", "B"));
        assert!(code_is_under("BH-1800.1500", "BH-1800"));
        assert!(!code_is_under("BH-18001", "BH-1800"));
    }

    #[test]
    fn prefixes_are_exactly_the_codes_a_code_is_under() {
        assert_eq!(prefixes_of("BH-1800.8500"), ["B", "BH", "BH-1800", "BH-1800.8500"]);
        for code in ["BD-1800.2000", "YF-5000.0500-100", "X", "LV-1600", "custom code"] {
            for end in 0..=code.len() {
                let prefix = &code[..end];
                assert_eq!(
                    prefixes_of(code).contains(&prefix),
                    code_is_under(code, prefix),
                    "{code} under {prefix:?}"
                );
            }
        }
    }
}
