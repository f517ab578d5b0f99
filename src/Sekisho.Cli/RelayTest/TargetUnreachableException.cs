namespace Sekisho.Cli.RelayTest;

/// <summary>
/// The tested server could not be reached at all (connection refused, no route, connect timeout, a bind to
/// <c>--from-address</c> that failed): no further test can run.
/// </summary>
internal sealed class TargetUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
