namespace Sekisho.Config;

/// <summary>
/// Reads typed values out of a <see cref="Configuration"/> for <see cref="SekishoSettings"/>. Every failure is a
/// <see cref="ConfigException"/> at the line that sets the parameter, saying <c>name: what is wrong</c>.
/// </summary>
internal sealed class SettingReader
{
    public SettingReader(Configuration configuration)
    {
        Configuration = configuration;
    }

    /// <summary>The configuration being read.</summary>
    public Configuration Configuration { get; }

    /// <summary>An error about a parameter, located at the line that sets it.</summary>
    public ConfigException Error(string name, string problem) =>
        new(Configuration.SourceName, Configuration.LineOf(name), $"{name}: {problem}");

    /// <summary>Adds a warning about a parameter, located at the line that sets it.</summary>
    public void Warn(string name, string problem) =>
        Configuration.AddWarning(ConfigException.Format(Configuration.SourceName, Configuration.LineOf(name), $"{name}: {problem}"));

    /// <summary>The expanded value as is.</summary>
    public string Text(string name) => Configuration.Get(name);

    /// <summary>The expanded value split into items.</summary>
    public IReadOnlyList<string> List(string name) => Configuration.GetList(name);

    /// <summary>The expanded, trimmed value, which must not be empty.</summary>
    public string RequiredText(string name)
    {
        var value = Configuration.Get(name).Trim();
        return value.Length > 0 ? value : throw Error(name, "empty value");
    }

    /// <summary>A host or domain name: letters, digits, hyphens and underscores in non-empty dot-separated labels.</summary>
    public string HostName(string name) => ValidHostName(name, RequiredText(name));

    /// <summary>Checks a host or domain name that came from the parameter; trailing dots are removed.</summary>
    public string ValidHostName(string name, string text)
    {
        var value = text.TrimEnd('.');
        var valid = value.Length is > 0 and <= 253 && value.Split('.').All(label =>
            label.Length is > 0 and <= 63 && label.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        return valid ? value : throw Error(name, $"bad host name \"{value}\"");
    }

    /// <summary>An integer of at least <paramref name="minimum"/> that fits in an <see cref="int"/>.</summary>
    public int Integer(string name, int minimum = 0) => (int)Number(name, minimum, int.MaxValue);

    /// <summary>A size in bytes: a non-negative integer.</summary>
    public long Size(string name) => Number(name, 0, long.MaxValue);

    /// <summary>A time such as <c>300s</c> or <c>5m</c>, at least <paramref name="minimum"/>.</summary>
    public TimeSpan Time(string name, TimeSpan minimum)
    {
        var text = RequiredText(name);
        if (!PostfixValues.TryParseTime(text, out var value))
        {
            throw Error(name, $"bad time \"{text}\" (use a number with unit s, m, h, d or w)");
        }
        return value >= minimum ? value : throw Error(name, $"bad time \"{text}\" (must be at least {minimum.TotalSeconds}s)");
    }

    /// <summary>A <c>yes</c> or <c>no</c>.</summary>
    public bool Boolean(string name)
    {
        var text = RequiredText(name);
        return PostfixValues.TryParseBoolean(text, out var value) ? value : throw Error(name, $"bad boolean \"{text}\" (use yes or no)");
    }

    /// <summary>A required path, made absolute against the configuration's base directory.</summary>
    public string Path(string name) => Configuration.ResolvePath(RequiredText(name));

    /// <summary>An optional file that must exist when set; null when the value is empty.</summary>
    public string? OptionalExistingFile(string name)
    {
        var text = Text(name).Trim();
        if (text.Length == 0)
        {
            return null;
        }
        var path = Configuration.ResolvePath(text);
        return File.Exists(path) ? path : throw Error(name, $"missing file \"{path}\"");
    }

    private long Number(string name, long minimum, long maximum)
    {
        var text = RequiredText(name);
        if (!PostfixValues.TryParseInteger(text, out var value))
        {
            throw Error(name, $"bad integer \"{text}\"");
        }
        if (value < minimum)
        {
            throw Error(name, minimum == 0 ? $"bad integer \"{text}\" (must not be negative)" : $"bad integer \"{text}\" (must be at least {minimum})");
        }
        return value <= maximum ? value : throw Error(name, $"bad integer \"{text}\" (too large)");
    }
}
