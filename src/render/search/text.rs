//! The text of our own HTML as the search index reads it: each section of
//! a page for its excerpt and its distinct words, in one pass, and
//! Markdown read aloud (`plain_text`). The page's title, URL and HTML are
//! all a section's entry depends on ([`passages`]), which is what lets the
//! preview keep them between saves.

use super::Entry;
use pulldown_cmark::{Event, Parser};
use std::borrow::Cow;
use std::hash::BuildHasher;

/// How much of a section a result shows.
const EXCERPT: usize = 160;

/// One `Passage` entry per section of a page's body, each `<h2>`/`<h3>`
/// with an id (at its anchor); the distinct words of the text before the
/// first heading are returned, to be found with the page's own entry.
pub(super) fn passages(title: &str, url: &str, html: &str, out: &mut Vec<Entry>) -> String {
    let mut intro = String::new();
    let mut cuts: Vec<(usize, Option<(String, String)>)> = vec![(0, None)];
    let mut at = 0;
    while let Some(i) = html[at..].find("<h").map(|i| at + i) {
        at = i + 2;
        let level = html[at..].chars().next();
        if !matches!(level, Some('2') | Some('3')) {
            continue;
        }
        let Some(end) = html[i..].find('>').map(|e| i + e) else {
            break;
        };
        let tag = &html[i..end];
        let Some(id) = tag.split("id=\"").nth(1).and_then(|r| r.split('"').next()) else {
            continue;
        };
        let close = html[end..].find("</h").map(|c| end + c).unwrap_or(end);
        let heading = html_text(&html[end + 1..close]);
        cuts.push((i, Some((id.to_string(), heading))));
    }
    for (n, (start, head)) in cuts.iter().enumerate() {
        let stop = cuts.get(n + 1).map(|c| c.0).unwrap_or(html.len());
        let body_start = match head {
            Some(_) => html[*start..stop]
                .find("</h")
                .map(|c| start + c + 5)
                .unwrap_or(*start),
            None => *start,
        };
        let text = read_section(&html[body_start.min(stop)..stop]);
        let Some((id, h)) = head else {
            intro = text.words;
            continue;
        };
        if text.start.is_empty() {
            continue;
        }
        out.push(Entry {
            kind: "Passage",
            title: format!("{title}: {h}"),
            url: format!("{url}#{id}"),
            summary: excerpt(&text.start),
            words: text.words,
        });
    }
    intro
}

/// The start of a text, cut at a word, with an ellipsis if cut.
fn excerpt(text: &str) -> String {
    if text.chars().count() <= EXCERPT {
        return text.to_string();
    }
    let cut: String = text.chars().take(EXCERPT).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

/// What a section of HTML gives the index, read in one pass (this runs on
/// every section of every page): the start of its text, enough for
/// [`excerpt`], and each of its words once.
struct SectionText {
    /// The text's first `EXCERPT + 1` characters, white space made single
    /// (empty when the section has no text).
    start: String,
    /// See [`Words`].
    words: String,
}

fn read_section(html: &str) -> SectionText {
    let mut start = String::new();
    let (mut kept, mut space) = (0, false);
    let mut words = Words::default();
    for c in TextChars::new(html) {
        words.push(c);
        if kept > EXCERPT {
            continue;
        }
        if c.is_whitespace() {
            space = !start.is_empty();
            continue;
        }
        if space {
            start.push(' ');
            kept += 1;
            space = false;
        }
        start.push(c);
        kept += 1;
    }
    SectionText {
        start,
        words: words.finish(),
    }
}

/// Each word (three letters or more) of a text once, lower-cased, in order
/// of first use, separated by spaces: all a search needs of a section, at
/// a fraction of its size. The words seen are ranges of the output
/// itself, so a word allocates only when it has capitals.
#[derive(Default)]
struct Words {
    out: String,
    seen: hashbrown::HashTable<(usize, usize)>,
    /// foldhash: std's SipHash was a tenth of a 10,000-page build here.
    hasher: foldhash::fast::FixedState,
    word: String,
}

impl Words {
    fn push(&mut self, c: char) {
        if c.is_alphanumeric() {
            self.word.push(c);
        } else if !self.word.is_empty() {
            self.end_word();
        }
    }

    fn end_word(&mut self) {
        let w = self.word.as_str();
        if w.len() >= 3 && (w.is_ascii() || w.chars().count() >= 3) {
            let lower = if w.bytes().any(|b| b.is_ascii_uppercase()) || !w.is_ascii() {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            };
            let Words {
                out, seen, hasher, ..
            } = self;
            let hash = hasher.hash_one(&*lower);
            let text = |&(at, len): &(usize, usize)| &out[at..at + len];
            if seen.find(hash, |r| text(r) == lower).is_none() {
                if !out.is_empty() {
                    out.push(' ');
                }
                let range = (out.len(), lower.len());
                out.push_str(&lower);
                let out = &*out;
                seen.insert_unique(hash, range, |&(at, len)| {
                    hasher.hash_one(&out[at..at + len])
                });
            }
        }
        self.word.clear();
    }

    fn finish(mut self) -> String {
        self.end_word();
        self.out
    }
}

/// The characters of our own HTML that a reader reads: tags dropped, the
/// entities that `html::escape` and pulldown-cmark write decoded.
struct TextChars<'a> {
    html: &'a str,
    chars: std::str::CharIndices<'a>,
    in_tag: bool,
}

impl<'a> TextChars<'a> {
    fn new(html: &'a str) -> Self {
        TextChars {
            html,
            chars: html.char_indices(),
            in_tag: false,
        }
    }
}

impl Iterator for TextChars<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        const ENTITIES: [(&str, char); 5] = [
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&#39;", '\''),
            ("&amp;", '&'),
        ];
        loop {
            let (i, c) = self.chars.next()?;
            match c {
                '>' if self.in_tag => self.in_tag = false,
                _ if self.in_tag => {}
                '<' => self.in_tag = true,
                '&' => {
                    let found = ENTITIES.iter().find(|(e, _)| self.html[i..].starts_with(e));
                    return Some(match found {
                        Some((e, decoded)) => {
                            self.chars.nth(e.len() - 2); // the rest of the entity
                            *decoded
                        }
                        None => '&',
                    });
                }
                c => return Some(c),
            }
        }
    }
}

/// Markdown as a reader would read it aloud: text only, each figure given
/// by what it says ("218 deaths").
pub(crate) fn plain_text(md: &str, said: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    for ev in Parser::new(md) {
        match ev {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    let mut rest = 0;
    while let Some(start) = out[rest..].find("{{").map(|i| rest + i) {
        let Some(end) = out[start..].find("}}").map(|j| start + j + 2) else {
            break;
        };
        let with = match crate::markdown::call_of(&out[start + 2..end - 2]) {
            Some(crate::markdown::Call::Fact { id, .. }) => said(&id).unwrap_or_default(),
            Some(crate::markdown::Call::Term { id, text }) => text.unwrap_or(id.replace('-', " ")),
            None => String::new(),
        };
        out.replace_range(start..end, &with);
        rest = start + with.len();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of a fragment of our own HTML ([`TextChars`]), runs of white
/// space made one space.
pub(super) fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut space = false;
    for c in TextChars::new(html) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_markup_and_says_figures() {
        let said = |id: &str| (id == "x").then(|| "at least 10 deaths".to_string());
        assert_eq!(
            plain_text(
                "Shelling of [Ganja](@/places/ganja.md) caused {{ fact(id=\"x\") }}.\nMore *here* {{ nope }}.",
                &said
            ),
            "Shelling of Ganja caused at least 10 deaths. More here ."
        );
    }

    #[test]
    fn html_text_decodes_what_we_escape() {
        assert_eq!(
            html_text("<p>A &amp; B <a href=\"x\">&quot;C&quot;</a>\n</p>"),
            "A & B \"C\""
        );
        assert_eq!(
            html_text(" <p>&amp;lt; &#39;x&#39;&gt;</p> \n <p>Ş&nbsp;&</p>\t"),
            "&lt; 'x'> Ş&nbsp;&"
        );
    }

    #[test]
    fn distinct_words_are_lower_cased_once_each_in_order() {
        let words = |text: &str| read_section(text).words;
        assert_eq!(
            words("The İlham Aliyev said: the ALIYEV of Şuşa, şuşa; at ab"),
            "the i\u{307}lham aliyev said şuşa"
        );
        // Tags do not end a word; entities and white space do.
        assert_eq!(
            words("<p>Ka<b>ra</b>bakh&amp;Arts\nkarabakh</p>"),
            "karabakh arts"
        );
    }

    #[test]
    fn a_section_keeps_enough_of_its_start_for_the_excerpt() {
        let long = format!("<p>{}</p>", "word ".repeat(100));
        let text = read_section(&long);
        assert_eq!(text.start.chars().count(), EXCERPT + 1);
        assert_eq!(excerpt(&text.start), excerpt(&html_text(&long)));
        assert_eq!(read_section("<p> \n </p>").start, "");
    }
}
