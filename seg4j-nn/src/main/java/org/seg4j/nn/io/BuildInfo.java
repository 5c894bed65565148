package org.seg4j.nn.io;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The software a model was trained with, as its card records it ({@code provenance.training.software}): the seg4j
 * version and the git revision of its code, read from {@code build.properties}, which the build fills in (Maven
 * resource filtering; the revision from {@code git rev-parse HEAD} run by maven-antrun-plugin), and the DJL and PyTorch
 * versions of the engine that ran. A build outside a git checkout records the revision as {@code unknown}; a build of a
 * working tree with uncommitted changes records {@code gitDirty: true} (the revision alone does not give the code).
 */
public final class BuildInfo {
    /** What a field the build could not fill in reads. */
    public static final String UNKNOWN = "unknown";

    private static final Properties BUILD = load();

    private BuildInfo() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** A build field, or {@link #UNKNOWN} when the build left it unfilled. */
    static String field(Properties build, String key) {
        String value = build.getProperty(key, "");
        return value.isEmpty() || value.startsWith("${") ? UNKNOWN : value;
    }

    /** The seg4j version of this code, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return field(BUILD, "seg4j.version");
    }

    /** The full git commit id of the code's build, or {@link #UNKNOWN}. */
    public static String gitCommit() {
        return field(BUILD, "git.commit");
    }

    /** {@code true}/{@code false}: whether the build's working tree had uncommitted changes; or {@link #UNKNOWN}. */
    public static String gitDirty() {
        return gitCommit().equals(UNKNOWN) ? UNKNOWN : field(BUILD, "git.dirty");
    }

    /** {@code {seg4j, gitCommit, gitDirty, djl, pytorch}}; loads the engine to ask its version. */
    public static ObjectNode software() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("seg4j", version());
        node.put("gitCommit", gitCommit());
        String dirty = gitDirty();
        if (dirty.equals(UNKNOWN)) {
            node.put("gitDirty", UNKNOWN);
        } else {
            node.put("gitDirty", Boolean.parseBoolean(dirty));
        }
        node.put("djl", Engine.getDjlVersion());
        node.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        return node;
    }
}
