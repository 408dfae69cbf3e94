using System.Drawing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace FraudWatch.IntegrationTests.Console;

/// <summary>
/// Debian's headless Chromium driven through its chromium-driver. Everything but loopback goes to a dead
/// proxy and an unresolvable host, so the browser cannot reach the network even if something asks it to.
/// </summary>
public sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    readonly string profile = Directory.CreateTempSubdirectory("fraudwatch-chromium-").FullName;

    public Browser()
    {
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-default-browser-check",
            "--disable-extensions", "--disable-features=Translate,OptimizationHints,MediaRouter", "--window-size=1280,900",
            "--proxy-server=http://127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            $"--user-data-dir={profile}");
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(30));
        Driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(20);
    }

    public static bool Installed => File.Exists(ChromiumPath) && File.Exists(DriverPath);

    public ChromeDriver Driver { get; }

    public void Go(Uri baseAddress, string path) => Driver.Navigate().GoToUrl(new Uri(baseAddress, path));

    public IWebElement Find(string css) => Driver.FindElement(By.CssSelector(css));

    public string Text(string css) => Find(css).Text.Trim();

    /// <summary>Waits for a condition the page reaches by itself (script, redirect); fails with what it saw.</summary>
    public T Until<T>(Func<IWebDriver, T?> condition, string what, int seconds = 10)
    {
        var wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(seconds)) { Message = what };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        return wait.Until(driver =>
        {
            try
            {
                return condition(driver);
            }
            catch (WebDriverException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
            {
                // A page that redraws itself while polled can drop the element between finding and reading it; Chromium
                // then reports an inspector error rather than a stale element. Same thing: look again.
                return default;
            }
        })!;
    }

    public void SignIn(Uri baseAddress, string key)
    {
        Driver.Manage().Cookies.DeleteAllCookies();
        Go(baseAddress, "/console/sign-in");
        Find("#key").SendKeys(key);
        Submit(Find("form[action='/console/sign-in'] button[type=submit]"));
    }

    /// <summary>Clicks a submit button and waits until its page is replaced by the answer.</summary>
    public void Submit(IWebElement button)
    {
        button.Click();
        Until(_ => IsStale(button), "the form's answer to load");
    }

    static bool IsStale(IWebElement element)
    {
        try
        {
            _ = element.Enabled;
            return false;
        }
        catch (StaleElementReferenceException)
        {
            return true;
        }
        catch (UnknownErrorException e) when (e.Message.Contains("does not belong to the document", StringComparison.Ordinal))
        {
            // Chromium's other way of saying the page was replaced under the element.
            return true;
        }
    }

    /// <summary>Emulates a phone screen (CSS pixels) until <see cref="Desktop"/>.</summary>
    public void Phone(int width = 375, int height = 812) =>
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 2, ["mobile"] = true,
        });

    public void Desktop() => Driver.ExecuteCdpCommand("Emulation.clearDeviceMetricsOverride", []);

    public string Screenshot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("FRAUDWATCH_SCREENSHOTS") ?? Path.Combine(Path.GetTempPath(), "fraudwatch-console-screens");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public Size Viewport => new(Convert.ToInt32(Driver.ExecuteScript("return window.innerWidth"), System.Globalization.CultureInfo.InvariantCulture),
        Convert.ToInt32(Driver.ExecuteScript("return window.innerHeight"), System.Globalization.CultureInfo.InvariantCulture));

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One host and one browser for all console tests: each is slow to start, and the tests only read what others do not change.</summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public ConsoleHost Host { get; private set; } = null!;
    public Browser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!Browser.Installed)
            throw new InvalidOperationException($"{Browser.ChromiumPath} or {Browser.DriverPath} is missing: apt-get install chromium chromium-driver (.ci/run does).");
        Host = await ConsoleHost.StartAsync();
        Browser = new Browser();
    }

    public async Task DisposeAsync()
    {
        Browser?.Dispose();
        if (Host is not null)
            await Host.DisposeAsync();
    }
}
