namespace Sekisho.Server.Auth;

/// <summary>A client shut out of AUTH.</summary>
/// <param name="Until">When AUTH is allowed again.</param>
/// <param name="Count">How many lock-outs in a row (the penalty doubles each time).</param>
public sealed record AuthLockout(DateTimeOffset Until, int Count);
