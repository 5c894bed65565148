package org.seg4j.cli;

import org.seg4j.nn.io.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** The seg4j version and git revision the build recorded ({@link BuildInfo}). */
public final class Seg4jVersion implements IVersionProvider {
    public static String version() {
        return BuildInfo.version();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"seg4j " + version() + " (git " + BuildInfo.gitCommit() + ")"};
    }
}
