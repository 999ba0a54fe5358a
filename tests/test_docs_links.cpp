// The documents' links: every relative link in README.md and docs/*.md names
// a file that exists, and every #anchor a heading in its target (GitHub's
// slugs: lowercase, spaces to '-', punctuation other than '-' and '_'
// dropped, "-1", "-2" for repeated headings). References from code comments
// to a document (README "Section", docs/x.md "Section", docs/x.md#anchor)
// must resolve the same way.

// GCC 12 warns that std::regex's own NFA states "may be used uninitialized"
// when built with -O2 and AddressSanitizer (a false positive inside
// libstdc++'s <regex>, GCC bug 105616); -Werror would make it fatal.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const fs::path kSource = ZBENCH_SOURCE_DIR;

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

bool is_fence(const std::string& line) {
    const auto start = line.find_first_not_of(' ');
    return start != std::string::npos && line.compare(start, 3, "```") == 0;
}

// The text of each heading outside code blocks, backticks removed.
std::vector<std::string> headings(const fs::path& markdown) {
    std::vector<std::string> result;
    bool in_code = false;
    for (const std::string& line : lines_of(read_text(markdown))) {
        if (is_fence(line)) in_code = !in_code;
        if (in_code || line.empty() || line[0] != '#') continue;
        const auto text_start = line.find_first_not_of('#');
        if (text_start == std::string::npos || line[text_start] != ' ') continue;
        std::string text = line.substr(text_start + 1);
        text.erase(std::remove(text.begin(), text.end(), '`'), text.end());
        result.push_back(text);
    }
    return result;
}

std::string github_slug(const std::string& heading) {
    std::string slug;
    for (unsigned char c : heading) {
        if (std::isalnum(c) || c == '-' || c == '_')
            slug += static_cast<char>(std::tolower(c));
        else if (c == ' ')
            slug += '-';
    }
    return slug;
}

std::set<std::string> anchors(const fs::path& markdown) {
    std::set<std::string> result;
    std::map<std::string, int> seen;
    for (const std::string& heading : headings(markdown)) {
        const std::string slug = github_slug(heading);
        const int n = seen[slug]++;
        result.insert(n == 0 ? slug : slug + "-" + std::to_string(n));
    }
    return result;
}

std::vector<fs::path> markdown_documents() {
    std::vector<fs::path> docs{kSource / "README.md"};
    for (const auto& entry : fs::directory_iterator(kSource / "docs"))
        if (entry.is_regular_file() && entry.path().extension() == ".md") docs.push_back(entry.path());
    return docs;
}

struct Link {
    int line = 0;
    std::string target;
};

// Inline links and images, outside code blocks and code spans.
std::vector<Link> links(const fs::path& markdown) {
    static const std::regex link_re(R"re(\]\(([^)\s]+)(\s+"[^"]*")?\))re");
    std::vector<Link> result;
    bool in_code = false;
    int number = 0;
    for (std::string line : lines_of(read_text(markdown))) {
        ++number;
        if (is_fence(line)) in_code = !in_code;
        if (in_code) continue;
        line = std::regex_replace(line, std::regex("`[^`]*`"), "");
        for (std::sregex_iterator it(line.begin(), line.end(), link_re), end; it != end; ++it)
            result.push_back({number, (*it)[1].str()});
    }
    return result;
}

bool is_external(const std::string& target) {
    return target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0 || target.rfind("mailto:", 0) == 0;
}

// "" when the link resolves, else why not.
std::string check_link(const fs::path& from, const std::string& target) {
    const auto hash = target.find('#');
    const std::string path_part = target.substr(0, hash);
    const fs::path file = path_part.empty() ? from : from.parent_path() / path_part;
    if (!fs::exists(file)) return "no such file " + file.lexically_normal().string();
    if (hash == std::string::npos) return "";
    const std::string anchor = target.substr(hash + 1);
    if (file.extension() != ".md") return "an anchor into a file that is not Markdown";
    if (anchors(file).count(anchor) == 0) return "no heading with anchor #" + anchor + " in " + file.filename().string();
    return "";
}

bool has_heading(const fs::path& markdown, const std::string& title) {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
        return s;
    };
    for (const std::string& h : headings(markdown))
        if (lower(h) == lower(title)) return true;
    return false;
}

}  // namespace

TEST_CASE("GitHub slugs: lowercase, spaces to dashes, punctuation dropped", "[docs]") {
    CHECK(github_slug("Real audio interfaces (RtAudio) and zbench-rig on JACK") ==
          "real-audio-interfaces-rtaudio-and-zbench-rig-on-jack");
    CHECK(github_slug("Over/underruns") == "overunderruns");
    CHECK(github_slug("The ts JSON object") == "the-ts-json-object");
    CHECK(github_slug("snake_case: kept") == "snake_case-kept");
}

TEST_CASE("every relative link in README.md and docs/*.md resolves, anchors included", "[docs]") {
    const auto docs = markdown_documents();
    REQUIRE(docs.size() >= 5);  // the README and at least four guides
    int checked = 0, with_anchor = 0;
    for (const fs::path& doc : docs) {
        for (const Link& link : links(doc)) {
            if (is_external(link.target)) continue;
            ++checked;
            if (link.target.find('#') != std::string::npos) ++with_anchor;
            INFO(doc.filename().string() << ":" << link.line << ": (" << link.target << ")");
            CHECK(check_link(doc, link.target) == "");
        }
    }
    // The documents link to each other and into sections: a parser that
    // found no links would pass vacuously.
    CHECK(checked >= 30);
    CHECK(with_anchor >= 5);
}

TEST_CASE("every reference from code to a document or one of its sections resolves", "[docs]") {
    // README "Section", docs/name.md "Section" or docs/name.md#anchor.
    static const std::regex ref_re(R"re((README(?:\.md)?|docs/[A-Za-z0-9_-]+\.md)(?:\s+"([^"]+)"|#([A-Za-z0-9_-]+))?)re");
    const std::set<std::string> extensions{".h", ".cpp", ".sh", ".txt", ".py", ".cmake"};
    int references = 0, sections = 0;
    for (const char* dir : {"src", "gui", "calibration", "tests", "tools", "packaging"}) {
        for (const auto& entry : fs::recursive_directory_iterator(kSource / dir)) {
            const fs::path& path = entry.path();
            if (!entry.is_regular_file() || extensions.count(path.extension().string()) == 0) continue;
            if (path.filename() == "test_docs_links.cpp") continue;
            const std::string rel = fs::relative(path, kSource).string();
            if (rel.rfind("tests/data", 0) == 0 || rel.rfind("tests/fuzz/corpus", 0) == 0) continue;
            const std::string text = read_text(path);
            for (std::sregex_iterator it(text.begin(), text.end(), ref_re), end; it != end; ++it) {
                std::string file = (*it)[1].str();
                if (file == "README") file = "README.md";
                const fs::path doc = kSource / file;
                ++references;
                INFO(rel << ": " << it->str());
                REQUIRE(fs::exists(doc));
                if ((*it)[2].matched) {
                    ++sections;
                    CHECK(has_heading(doc, (*it)[2].str()));
                }
                if ((*it)[3].matched) {
                    ++sections;
                    CHECK(check_link(doc, "#" + (*it)[3].str()) == "");
                }
            }
        }
    }
    CHECK(references >= 5);
    CHECK(sections >= 3);
}
