namespace Sekisho.Cli.RelayTest;

/// <summary>
/// A test session ended before it could give an answer: the connection closed, a reply did not come in time,
/// or the server sent something that is not an SMTP reply. The other tests can still run.
/// </summary>
internal sealed class ProbeSessionException(string message, Exception? inner = null) : Exception(message, inner);
