namespace Sekisho.Accounts.Import;

/// <summary>A line of an export that cannot be imported. The message never contains the password or hash.</summary>
/// <param name="Line">The line number (1-based).</param>
/// <param name="Name">The user name as written, when the line had one.</param>
/// <param name="Message">What is wrong and what to do instead.</param>
public sealed record ImportProblem(int Line, string? Name, string Message);
