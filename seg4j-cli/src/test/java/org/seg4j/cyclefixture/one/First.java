package org.seg4j.cyclefixture.one;

import org.seg4j.cyclefixture.two.Second;

/** Half of a deliberate package cycle, for {@code PackageCyclesTest}. */
public final class First {
    public Second next() {
        return new Second();
    }
}
