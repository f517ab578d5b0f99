namespace Sekisho.Config;

/// <summary>
/// A loaded configuration: the parameters a <c>main.cf</c>-style file sets, on top of the catalogue's
/// defaults, with <c>$name</c> references expanded. Immutable once loaded, apart from warnings that
/// <see cref="SekishoSettings.FromConfiguration"/> adds.
/// </summary>
/// <remarks>
/// A name set twice takes its last value, as in Postfix. Every known parameter is expanded while loading,
/// so expansion errors surface from <see cref="Load"/> and <see cref="FromText"/>, never from <see cref="Get"/>.
/// </remarks>
public sealed class Configuration
{
    /// <summary>The file looked for in the working directory when no path is given.</summary>
    public const string DefaultFileName = "sekisho.conf";

    /// <summary>The <see cref="SourceName"/> of the embedded default configuration.</summary>
    public const string EmbeddedSourceName = "(embedded default)";

    private readonly IReadOnlyDictionary<string, ConfigEntry> _entries;
    private readonly IReadOnlyDictionary<string, string> _expanded;
    private readonly IReadOnlyDictionary<string, string> _raw;
    private readonly List<string> _warnings;
    private readonly string _text;
    private readonly object _warningsLock = new();

    private Configuration(string text, string sourceName, string baseDirectory, string? filePath, bool isEmbedded = false, string? service = null)
    {
        IsEmbedded = isEmbedded;
        SourceName = sourceName;
        FilePath = filePath;
        BaseDirectory = Path.GetFullPath(baseDirectory);
        Service = service;
        _text = text;
        _warnings = [];
        var parsed = MainCfParser.Parse(text, sourceName);
        var effective = new Dictionary<string, ConfigEntry>(StringComparer.Ordinal);
        foreach (var entry in parsed.Where(e => !e.Name.Contains('/')))
        {
            effective[entry.Name] = entry;
        }
        if (service is not null)
        {
            foreach (var (name, value) in ServiceOverride.BuiltIn(service))
            {
                effective[name] = new ConfigEntry(name, value, 0);
            }
            foreach (var entry in parsed)
            {
                if (ServiceOverride.TryParse(entry.Name, out var entryService, out var name) && entryService == service)
                {
                    effective[name] = entry with { Name = name };
                }
            }
        }
        _entries = effective;
        foreach (var entry in parsed.Where(e => e.Name.Contains('/')))
        {
            ServiceOverride.TryParse(entry.Name, out var entryService, out var name);
            if (!ServiceOverride.Services.Contains(entryService))
            {
                AddWarning(ConfigException.Format(sourceName, entry.Line,
                    $"unknown service \"{entryService}\" in {entry.Name} (Sekisho's services: {string.Join(", ", ServiceOverride.Services)})"));
            }
            else if (ParameterCatalog.Find(name) is null)
            {
                AddWarning(ConfigException.Format(sourceName, entry.Line, $"unknown parameter {name} in {entry.Name}"));
            }
        }
        foreach (var entry in effective.Values.Where(e => e.Line > 0).OrderBy(e => e.Line))
        {
            var known = ParameterCatalog.Find(entry.Name);
            if (known is null)
            {
                AddWarning(ConfigException.Format(sourceName, entry.Line, $"unknown parameter {entry.Name}"));
            }
            else if (!known.UsedBySekisho)
            {
                AddWarning(ConfigException.Format(sourceName, entry.Line, $"parameter {entry.Name} is not used by Sekisho yet"));
            }
        }
        ParameterNames = ParameterCatalog.All.Select(p => p.Name).Union(effective.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToArray();
        var expander = new ParameterExpander(effective, sourceName, AddWarning);
        var expanded = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in ParameterNames)
        {
            expanded[name] = expander.Expand(name);
        }
        _expanded = expanded;
        _raw = expander.RawValues;
    }

    /// <summary>The source as the admin named it: the path as given, <c>sekisho.conf</c>, or <c>(embedded default)</c>.</summary>
    public string SourceName { get; }

    /// <summary>The service this view is for (<c>submission</c>, <c>smtps</c>), or null for the main settings.</summary>
    public string? Service { get; }

    /// <summary>
    /// The settings one listener uses: the file's, then Sekisho's built-in defaults for the service (submission and
    /// smtps require AUTH: <see cref="ServiceOverride.BuiltIn"/>), then the file's <c>service/inet/name = value</c>
    /// lines for it, like master.cf <c>-o</c> overrides (the notation of <c>postconf -P</c>).
    /// </summary>
    /// <param name="service"><c>smtp</c>, <c>submission</c> or <c>smtps</c>.</param>
    public Configuration ForService(string service) =>
        new(_text, SourceName, BaseDirectory, FilePath, IsEmbedded, service);

    /// <summary>The full path of the file, or null when the text did not come from a file.</summary>
    public string? FilePath { get; }

    /// <summary>The directory relative paths in values resolve against: the file's own directory.</summary>
    public string BaseDirectory { get; }

    /// <summary>True for the built-in default configuration.</summary>
    public bool IsEmbedded { get; }

    /// <summary>All catalogue names plus any other names the file sets, sorted ordinally.</summary>
    public IEnumerable<string> ParameterNames { get; }

    /// <summary>Warnings found while loading (unknown or unused parameters, undefined references, ...), each prefixed with its location.</summary>
    public IReadOnlyList<string> Warnings
    {
        get
        {
            lock (_warningsLock)
            {
                return _warnings.ToArray();
            }
        }
    }

    /// <summary>
    /// Loads the configuration: <paramref name="explicitPath"/> when given, else <c>sekisho.conf</c> in the
    /// working directory when it exists, else the embedded default.
    /// </summary>
    /// <param name="explicitPath">A path from <c>--config</c>, relative to <paramref name="workingDirectory"/>, or null.</param>
    /// <param name="workingDirectory">The directory to look in and to resolve relative paths against.</param>
    /// <exception cref="ConfigException">The file is missing or unreadable, or its contents are malformed.</exception>
    public static Configuration Load(string? explicitPath, string workingDirectory)
    {
        var directory = Path.GetFullPath(workingDirectory);
        if (explicitPath is null)
        {
            var candidate = Path.Combine(directory, DefaultFileName);
            return File.Exists(candidate) ? FromFile(candidate, DefaultFileName) : Embedded(directory);
        }
        return FromFile(Path.GetFullPath(Path.Combine(directory, explicitPath)), explicitPath);
    }

    /// <summary>Parses configuration text that did not come from a file.</summary>
    /// <param name="text">The text in <c>main.cf</c> syntax.</param>
    /// <param name="sourceName">The name used in messages, e.g. <c>sekisho.conf</c>.</param>
    /// <param name="baseDirectory">The directory relative paths resolve against.</param>
    /// <exception cref="ConfigException">The text is malformed.</exception>
    public static Configuration FromText(string text, string sourceName, string baseDirectory) =>
        new(text, sourceName, baseDirectory, filePath: null);

    /// <summary>The built-in default configuration, with relative paths resolving against <paramref name="workingDirectory"/>.</summary>
    public static Configuration Embedded(string workingDirectory) =>
        new(EmbeddedDefault.Text, EmbeddedSourceName, workingDirectory, filePath: null, isEmbedded: true);

    /// <summary>The fully expanded effective value: the file's value or the default; the empty string for an unknown name.</summary>
    public string Get(string name) => _expanded.GetValueOrDefault(name, "");

    /// <summary>The unexpanded value as written in the file, or the default; the empty string for an unknown name.</summary>
    public string GetRaw(string name) =>
        _entries.TryGetValue(name, out var entry) ? entry.Value
        : _raw.TryGetValue(name, out var raw) ? raw
        : ParameterCatalog.Find(name)?.DefaultValue ?? "";

    /// <summary>The expanded value split on commas and/or whitespace, empty items dropped.</summary>
    public IReadOnlyList<string> GetList(string name) => ValueList.Split(Get(name));

    /// <summary>True when the file sets the parameter (even to an empty value).</summary>
    public bool IsSetInFile(string name) => _entries.ContainsKey(name);

    /// <summary>The line where the file sets the parameter (the first line of a continued entry), or 0.</summary>
    public int LineOf(string name) => _entries.TryGetValue(name, out var entry) ? entry.Line : 0;

    /// <summary>Makes a path from a value absolute, relative to <see cref="BaseDirectory"/>.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(Path.Combine(BaseDirectory, path));

    /// <summary>Adds a warning unless the same text is already there.</summary>
    internal void AddWarning(string warning)
    {
        lock (_warningsLock)
        {
            if (!_warnings.Contains(warning))
            {
                _warnings.Add(warning);
            }
        }
    }

    private static Configuration FromFile(string fullPath, string sourceName)
    {
        string text;
        try
        {
            if (Directory.Exists(fullPath))
            {
                throw new ConfigException(sourceName, 0, "cannot open: is a directory");
            }
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException(sourceName, 0, "cannot open: no such file");
        }
        catch (UnauthorizedAccessException)
        {
            throw new ConfigException(sourceName, 0, "cannot open: permission denied");
        }
        catch (IOException e)
        {
            throw new ConfigException(sourceName, 0, $"cannot open: {e.Message}");
        }
        return new Configuration(text, sourceName, Path.GetDirectoryName(fullPath)!, fullPath);
    }
}
