package org.seg4j.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Tests that run Spark in local mode with two worker threads (no web UI, on the loopback interface): one session per
 * test class, in {@link #spark}.
 */
abstract class LocalSpark {
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    static SparkSession start() {
        return SparkSession.builder().master("local[2]").appName("seg4j-spark test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
    }
}
