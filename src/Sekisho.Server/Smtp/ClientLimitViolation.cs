namespace Sekisho.Server.Smtp;

/// <summary>Why a connection was refused by <see cref="ClientConnectionLimiter"/>, for the log.</summary>
/// <param name="Limit">Postfix's wording: <c>Connection concurrency limit exceeded</c> or <c>Connection rate limit exceeded</c>.</param>
/// <param name="Count">The count that went over the limit.</param>
internal sealed record ClientLimitViolation(string Limit, int Count);
