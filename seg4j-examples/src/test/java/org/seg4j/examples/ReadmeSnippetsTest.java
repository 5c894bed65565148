package org.seg4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.seg4j.testing.SharedData;

/**
 * The README's Java code cannot rot: every {@code java} block of README.md is, after the link to it, the text of an
 * example source file of this module (without its package line), and every example appears in the README. The
 * examples themselves are compiled by this module and run by {@link ExamplesTest}.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = SharedData.repoRoot();
    private static final Path SOURCES = ROOT.resolve("seg4j-examples/src/main/java");
    /** A link to an example source, then a fenced java block (the README's layout for each program). */
    private static final Pattern SNIPPET = Pattern.compile(
            "\\]\\((seg4j-examples/src/main/java/[^)]+\\.java)\\)[^\\n]*\\n+```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everyJavaBlockOfTheReadmeIsAnExampleSourceAndEveryExampleIsInTheReadme() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Map<String, String> snippets = new TreeMap<>();
        Matcher m = SNIPPET.matcher(readme);
        while (m.find()) {
            snippets.put(m.group(1), m.group(2));
        }
        assertThat(snippets).as("README java blocks introduced by a link to their example")
                .hasSize(count(readme, "```java"));

        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(ROOT.relativize(f).toString().replace('\\', '/'), withoutPackageLine(Files.readString(f)));
            }
        }
        assertThat(snippets).isEqualTo(sources);
    }

    private static String withoutPackageLine(String source) {
        List<String> lines = new ArrayList<>(source.lines().toList());
        assertThat(lines.get(0)).startsWith("package ");
        lines.remove(0);
        while (lines.get(0).isBlank()) {
            lines.remove(0);
        }
        return String.join("\n", lines) + "\n";
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}
