namespace Sekisho.Config.Tests;

/// <summary>Shorthands for building configurations in tests.</summary>
public static class Conf
{
    /// <summary>A base directory that need not exist: relative paths resolve against it.</summary>
    public static readonly string BaseDirectory = Path.Combine(Path.GetTempPath(), "sekisho-conf-base");

    /// <summary>Parses text as <c>sekisho.conf</c>; lines may be separated with '\n' or given as several strings.</summary>
    public static Configuration Parse(params string[] lines) =>
        Configuration.FromText(string.Join('\n', lines), "sekisho.conf", BaseDirectory);

    /// <summary>Parses and validates.</summary>
    public static SekishoSettings Settings(params string[] lines) => SekishoSettings.FromConfiguration(Parse(lines));

    /// <summary>The message of the <see cref="ConfigException"/> that validating the text throws.</summary>
    public static string ErrorOf(params string[] lines) =>
        Assert.Throws<ConfigException>(() => Settings(lines)).Message;
}
