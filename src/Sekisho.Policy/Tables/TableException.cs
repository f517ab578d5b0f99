namespace Sekisho.Policy.Tables;

/// <summary>
/// A lookup table that cannot be used: an unsupported <c>type:</c>, a file that cannot be read, or an entry that
/// cannot be parsed. The message always says where: <c>PATH:LINE: what is wrong</c> for an entry,
/// <c>PATH: what is wrong</c> for the whole file, <c>TYPE: what is wrong</c> for the table type.
/// </summary>
public sealed class TableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="where">The file path, the table type or the table name the problem belongs to.</param>
    /// <param name="line">The 1-based line of the offending entry, or 0 when no line applies.</param>
    /// <param name="problem">What is wrong, e.g. <c>unsupported action "HOLD" (not supported yet)</c>.</param>
    public TableException(string where, int line, string problem)
        : base(line > 0 ? $"{where}:{line}: {problem}" : $"{where}: {problem}")
    {
        Where = where;
        Line = line;
        Problem = problem;
    }

    /// <summary>Creates the exception for a file that cannot be read.</summary>
    /// <param name="where">The file path.</param>
    /// <param name="problem">What is wrong.</param>
    /// <param name="inner">The I/O error.</param>
    public TableException(string where, string problem, Exception inner)
        : base($"{where}: {problem}", inner)
    {
        Where = where;
        Problem = problem;
    }

    /// <summary>The file path, table type or table name.</summary>
    public string Where { get; }

    /// <summary>The 1-based line of the offending entry, or 0 when no line applies.</summary>
    public int Line { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; }
}
