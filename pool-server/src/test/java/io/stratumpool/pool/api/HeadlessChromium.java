package io.stratumpool.pool.api;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver (never Selenium Manager, which would
 * download a browser), with the reads the page tests share: text by id, the page's update counter,
 * console errors, the URLs it fetched, first paint, full-page screenshots.
 */
final class HeadlessChromium implements AutoCloseable {
    private final ChromeDriver driver;
    private final Duration timeout;

    private HeadlessChromium(ChromeDriver driver, Duration timeout) {
        this.driver = driver;
        this.timeout = timeout;
    }

    /** Fails (never skips) with what to install when chromium or chromedriver is missing. */
    static HeadlessChromium start(Duration timeout) {
        File chromium = tool("chromium", "stratumpool.test.chromium");
        File chromedriver = tool("chromedriver", "stratumpool.test.chromedriver");
        ChromeOptions options = new ChromeOptions().setBinary(chromium).addArguments("--headless=new", "--no-sandbox",
                "--disable-dev-shm-usage", "--disable-gpu", "--force-device-scale-factor=1", "--window-size=1280,900",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        return new HeadlessChromium(new ChromeDriver(service, options), timeout);
    }

    private static File tool(String name, String property) {
        String path = System.getProperty(property, "/usr/bin/" + name);
        File file = new File(path);
        if (!file.canExecute()) {
            fail(name + " not found at " + path + ": install Debian's chromium and chromium-driver packages"
                    + " (apt-get install chromium chromium-driver; .ci/run does it) or set -D" + property + "=PATH");
        }
        return file;
    }

    ChromeDriver driver() {
        return driver;
    }

    Object js(String script) {
        return driver.executeScript(script);
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    List<String> attributes(String css, String attribute) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getDomAttribute(attribute)).toList();
    }

    static String cell(WebElement row, String css) {
        return row.findElement(By.cssSelector(css)).getText();
    }

    /** How many times the page's script has refreshed it from the API ({@code body[data-updates]}). */
    int updates() {
        String n = driver.findElement(By.tagName("body")).getDomAttribute("data-updates");
        return n == null ? 0 : Integer.parseInt(n);
    }

    void awaitUpdates(int n) {
        new WebDriverWait(driver, timeout).withMessage("the page's update " + n)
                .ignoring(StaleElementReferenceException.class).until(d -> updates() >= n);
    }

    /** The console's SEVERE entries since the last call (reading consumes them). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /** The page's own URL and every resource it fetched, from the Performance API. */
    @SuppressWarnings("unchecked")
    List<String> requestedUrls() {
        return (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name).concat([location.href])");
    }

    /** The page's first contentful paint, in ms after navigation start, once the browser has recorded it. */
    double firstPaint() {
        new WebDriverWait(driver, timeout).withMessage("first contentful paint")
                .until(d -> ((Number) js("return performance.getEntriesByName('first-contentful-paint').length")).intValue() > 0);
        return ((Number) js("return performance.getEntriesByName('first-contentful-paint')[0].startTime")).doubleValue();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Grows the window to the page's height (at most 4000 px) and saves what it shows. */
    void fullPageScreenshot(Path file, int width) throws IOException {
        int height = ((Number) js("return document.documentElement.scrollHeight")).intValue();
        resize(width, Math.min(4000, height + 100));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Emulates the reader's colour-scheme preference (dark or light). */
    void prefersDark(boolean dark) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                dark ? List.of(Map.of("name", "prefers-color-scheme", "value", "dark")) : List.of()));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
