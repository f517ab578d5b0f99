namespace Sekisho.Config;

/// <summary>
/// A configuration problem that stops Sekisho from starting: a file that cannot be read, a line that
/// cannot be parsed, or a value that does not validate. The message always says where:
/// <c>FILE:LINE: what is wrong</c>, or <c>FILE: what is wrong</c> when no line applies.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fileName">The configuration source as the admin named it, e.g. <c>sekisho.conf</c>.</param>
    /// <param name="line">The 1-based line of the offending entry, or 0 when no line applies.</param>
    /// <param name="problem">What is wrong, e.g. <c>mynetworks: bad CIDR "192.168.0.0/33"</c>.</param>
    public ConfigException(string fileName, int line, string problem)
        : base(Format(fileName, line, problem))
    {
        FileName = fileName;
        Line = line;
        Problem = problem;
    }

    /// <summary>The configuration source as the admin named it.</summary>
    public string FileName { get; }

    /// <summary>The 1-based line of the offending entry, or 0 when no line applies.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }

    /// <summary>Formats a location-prefixed message the way every configuration error and warning is written.</summary>
    internal static string Format(string fileName, int line, string problem) =>
        line > 0 ? $"{fileName}:{line}: {problem}" : $"{fileName}: {problem}";
}
