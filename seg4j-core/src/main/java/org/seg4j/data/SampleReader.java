package org.seg4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.seg4j.BadInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads samples under a policy for bad ones: {@link OnBadSample#FAIL} stops at the first (the default: never silently
 * wrong), {@link OnBadSample#SKIP} logs it, counts it and goes on, for long runs over large data sets. Thread-safe.
 */
public final class SampleReader {
    /** What to do with a sample whose files are missing, corrupt or inconsistent. */
    public enum OnBadSample { FAIL, SKIP }

    private static final Logger LOG = LoggerFactory.getLogger(SampleReader.class);

    private final SegmentationDataset dataset;
    private final OnBadSample policy;
    private final AtomicInteger skipped = new AtomicInteger();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());

    public SampleReader(SegmentationDataset dataset, OnBadSample policy) {
        this.dataset = dataset;
        this.policy = policy;
    }

    public SegmentationDataset dataset() {
        return dataset;
    }

    /** The sample, or empty if it is bad and the policy is SKIP. */
    public Optional<Sample> read(int index) {
        try {
            return Optional.of(dataset.load(index));
        } catch (BadInputException e) {
            return skip(e);
        }
    }

    /**
     * Applies the policy to a problem found with a sample's files elsewhere (e.g. its prediction file): rethrows it
     * under FAIL; under SKIP logs and counts it and returns empty.
     */
    public <T> Optional<T> skip(BadInputException problem) {
        if (policy == OnBadSample.FAIL) {
            throw problem;
        }
        skipped.incrementAndGet();
        problems.add(problem.getMessage());
        LOG.warn("skipping bad sample: {}", problem.getMessage());
        return Optional.empty();
    }

    /** How many samples were skipped so far. */
    public int skipped() {
        return skipped.get();
    }

    /** The messages of the skipped samples, in the order they were met. */
    public List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }
}
