package org.seg4j.nn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineInfoTest {
    @Test
    void pinnedOfflineEngineLoadsAndComputes() {
        assertThat(EngineInfo.describe()).containsEntry("DJL", "0.35.1").containsKey("native cache")
                .hasEntrySatisfying("engine", v -> assertThat(v).startsWith("PyTorch 2.7.1"));
        assertThat(EngineInfo.selfTest()).containsExactly(19, 22, 43, 50);
    }
}
