package org.seg4j.cli;

import picocli.CommandLine.IVersionProvider;

/** The seg4j version from the jar manifest ("dev" when run from classes). */
public final class Seg4jVersion implements IVersionProvider {
    public static String version() {
        String v = Seg4jVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"seg4j " + version()};
    }
}
