namespace Sekisho.Policy.Tables;

/// <summary>One logical line of a table file: continuation lines joined, comments and blank lines gone.</summary>
/// <param name="Number">The 1-based number of the line the entry starts on.</param>
/// <param name="Text">The text, trimmed.</param>
internal readonly record struct TableLine(int Number, string Text);
