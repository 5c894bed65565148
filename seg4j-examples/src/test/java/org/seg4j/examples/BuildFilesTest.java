package org.seg4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.seg4j.testing.SharedData;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What users copy from the build stays true: the BOM lists every deployed seg4j module at the build's version and the
 * PyTorch version seg4j is built for; the README's Maven dependencies are the ones this module (an application that
 * segments images) declares, at the build's versions.
 */
class BuildFilesTest {
    private static final Path ROOT = SharedData.repoRoot();
    /** Modules that are no library artifacts: the BOM itself and these examples. */
    private static final Set<String> NOT_IN_BOM = Set.of("seg4j-bom", "seg4j-examples");

    @Test
    void bomListsEveryDeployedModuleAtTheBuildsVersions() throws Exception {
        Element parent = parse(ROOT.resolve("pom.xml"));
        Element bom = parse(ROOT.resolve("seg4j-bom/pom.xml"));
        assertThat(child(bom, "version")).isEqualTo(child(parent, "version"));
        assertThat(property(bom, "pytorch.version")).isEqualTo(property(parent, "pytorch.version"));

        Set<String> modules = new TreeSet<>(texts(parent, "module"));
        modules.removeAll(NOT_IN_BOM);
        Set<String> managed = new TreeSet<>();
        for (Element d : dependencies(bom)) {
            if (child(d, "groupId").equals("org.seg4j")) {
                assertThat(child(d, "version")).isEqualTo("${project.version}");
                managed.add(child(d, "artifactId"));
            }
        }
        assertThat(managed).isEqualTo(modules);
    }

    @Test
    void readmeDependenciesAreTheExamplesModulesAtTheBuildsVersions() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(m.find()).as("a Maven block in README.md").isTrue();
        Element snippet = parseText("<dependencies>" + m.group(1) + "</dependencies>");
        Element parent = parse(ROOT.resolve("pom.xml"));
        Element examples = parse(ROOT.resolve("seg4j-examples/pom.xml"));

        Set<String> declared = new TreeSet<>();
        for (Element d : dependencies(examples)) {
            if (!"test".equals(child(d, "scope"))) {
                declared.add(coordinates(d));
            }
        }
        Set<String> shown = new TreeSet<>();
        for (Element d : dependencies(snippet)) {
            shown.add(coordinates(d));
            String version = child(d, "version");
            switch (child(d, "artifactId")) {
                case "seg4j-nn" -> assertThat(version).isEqualTo(child(parent, "version"));
                case "pytorch-native-cpu" -> assertThat(version).isEqualTo(property(parent, "pytorch.version"));
                case "slf4j-simple" -> assertThat(version).isEqualTo(property(parent, "slf4j.version"));
                default -> throw new AssertionError("unexpected dependency in README: " + coordinates(d));
            }
        }
        assertThat(shown).isEqualTo(declared);
    }

    private static String coordinates(Element d) {
        String scope = child(d, "scope");
        return child(d, "groupId") + ":" + child(d, "artifactId") + ":" + child(d, "classifier") + ":"
                + (scope.isEmpty() ? "compile" : scope);
    }

    private static List<Element> dependencies(Element root) {
        List<Element> out = new ArrayList<>();
        NodeList all = root.getElementsByTagName("dependency");
        for (int i = 0; i < all.getLength(); i++) {
            out.add((Element) all.item(i));
        }
        return out;
    }

    private static List<String> texts(Element root, String tag) {
        List<String> out = new ArrayList<>();
        NodeList all = root.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            out.add(all.item(i).getTextContent().trim());
        }
        return out;
    }

    /** The text of {@code e}'s direct child {@code tag}, or "" when absent. */
    private static String child(Element e, String tag) {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c && c.getTagName().equals(tag)) {
                return c.getTextContent().trim();
            }
        }
        return "";
    }

    private static String property(Element pom, String name) {
        List<String> values = texts(pom, name);
        assertThat(values).as("property " + name).hasSize(1);
        return values.get(0);
    }

    private static Element parse(Path file) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    private static Element parseText(String xml) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }
}
