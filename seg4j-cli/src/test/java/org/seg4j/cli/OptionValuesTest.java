package org.seg4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Closed option sets: a value outside the set ends with one line listing the valid ones, and exit code 2. */
class OptionValuesTest {
    private static void rejects(String valid, String... args) {
        CliRun r = CliRun.of(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").contains("expected one of " + valid + " but was 'bogus'")
                .startsWith("seg4j " + args[0] + ": Invalid value for option '" + args[1] + "'");
    }

    @Test
    void everyClosedSetListsItsValues() {
        rejects("[fail, skip]", "eval", "--on-bad-sample", "bogus", "--data", "folder:x", "--pred", "y");
        rejects("[disk, train]", "eval", "--pred-ids", "bogus", "--data", "folder:x", "--pred", "y");
        rejects("[segmentation, localization]", "eval", "--task", "bogus", "--data", "folder:x");
        rejects("[max, merge, nms, soft-nms]", "localize", "--combine", "bogus", "--model", "m", "x.png");
        rejects("[deeplab, pydensecrf]", "crf", "--preset", "bogus");
        rejects("[fail, skip]", "predict", "--on-bad-sample", "bogus", "--model", "m", "x.png");
        rejects("[onnx]", "export", "--format", "bogus", "--model", "m", "--out", "o.onnx");
    }

    @Test
    void unknownOptionsAndMissingValuesAreOneLineToo() {
        CliRun r = CliRun.of("eval", "--data", "folder:x", "--no-such-option");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").startsWith("seg4j eval: Unknown option: '--no-such-option'")
                .endsWith("(see seg4j eval --help)");
        r = CliRun.of("eval", "--data");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).doesNotContain("\n").contains("--data");
    }

    @Test
    void theSpellingIsTheLowerCaseNameWithHyphens() {
        assertThat(OptionEnums.spelling(org.seg4j.nn.localize.Localizer.Combination.SOFT_NMS)).isEqualTo("soft-nms");
    }
}
