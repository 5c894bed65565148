package org.seg4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.seg4j.serve.SegmentationServerTest.IMAGE;
import static org.seg4j.serve.SegmentationServerTest.MODEL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.seg4j.label.LabelSpec;
import org.seg4j.nn.io.ModelFile;

/**
 * The web page in a real browser: Debian's headless Chromium driven through its chromedriver (paths given, so Selenium
 * Manager downloads nothing). Skips when /usr/bin/chromedriver is absent; {@code .ci/run} installs it.
 */
class WebPageBrowserTest {
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void uploadingAnImageShowsTheOverlayAndTheLegend(@TempDir Path profile) {
        assumeTrue(Files.isExecutable(DRIVER) && Files.isExecutable(CHROMIUM), "chromium and chromium-driver are "
                + "not installed (apt-get install chromium chromium-driver)");
        LabelSpec labels = ModelFile.read(MODEL).card().labels();
        try (SegmentationServer server = SegmentationServer.start(List.of(ModelSource.parse(MODEL.toString())),
                null, ServerSettings.defaults().withPort(0))) {
            WebDriver browser = chromium(profile);
            try {
                browser.get("http://127.0.0.1:" + server.port() + "/");
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
                wait.until(b -> b.findElements(By.cssSelector("#model option")).size() == 1);
                assertThat(browser.findElement(By.id("model")).getAttribute("value")).isEqualTo("camvid-unet");
                browser.findElement(By.id("file")).sendKeys(IMAGE.toAbsolutePath().toString());
                WebElement overlay = browser.findElement(By.id("overlay"));
                wait.until(b -> "true".equals(overlay.getAttribute("data-ready"))
                        || !b.findElement(By.id("error")).getText().isEmpty());
                assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
                assertThat(overlay.getAttribute("width")).isEqualTo("480");
                assertThat(overlay.getAttribute("height")).isEqualTo("360");
                List<WebElement> legend = browser.findElements(By.cssSelector("#legend li"));
                assertThat(legend).extracting(e -> e.getAttribute("data-class"))
                        .containsExactlyElementsOf(labels.classNames());
                double percent = 0;
                for (WebElement item : legend) {
                    percent += Double.parseDouble(item.findElement(By.className("area")).getText().replace(" %", ""));
                }
                assertThat(percent).isBetween(99.0, 101.0);
                assertThat(browser.findElement(By.id("time")).getText()).endsWith(" ms");
                // the overlay's pixels are the label PNG's colours: one of the model's palette colours, not blank
                Object rgb = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                        "const d = document.getElementById('overlay').getContext('2d').getImageData(240, 300, 1, 1)"
                                + ".data; return (d[0] << 16) | (d[1] << 8) | d[2];");
                assertThat(labels.classNames().stream().map(n -> labels.color(labels.indexOf(n))))
                        .contains(((Number) rgb).intValue());
            } finally {
                browser.quit();
            }
        }
    }

    private static WebDriver chromium(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
