package org.seg4j.cyclefixture.two;

import org.seg4j.cyclefixture.one.First;

/** The other half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public final class Second {
    public First back() {
        return new First();
    }
}
