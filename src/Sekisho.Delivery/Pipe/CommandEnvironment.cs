using System.Diagnostics;
using Sekisho.Queue;

namespace Sekisho.Delivery.Pipe;

/// <summary>
/// The environment a command runs with, like Postfix's local(8): the envelope in <c>SENDER</c>,
/// <c>RECIPIENT</c>, <c>ORIGINAL_RECIPIENT</c>, <c>LOCAL</c> and <c>DOMAIN</c>, a fixed <c>HOME=/</c>,
/// <c>SHELL=/bin/sh</c>, <c>PATH=/usr/bin:/bin</c>, and nothing inherited from the server.
/// </summary>
internal static class CommandEnvironment
{
    /// <summary>Replaces the environment of <paramref name="start"/>.</summary>
    /// <param name="start">The process to start.</param>
    /// <param name="sender">The envelope sender, empty for the null sender.</param>
    /// <param name="recipient">The queue recipient: <c>Address</c> is <c>alias@domain</c>, <c>OriginalAddress</c> what the client gave.</param>
    public static void Apply(ProcessStartInfo start, string sender, QueueRecipient recipient)
    {
        var address = recipient.Address;
        var at = address.LastIndexOf('@');
        var environment = start.Environment;
        environment.Clear();
        environment["SENDER"] = sender;
        environment["RECIPIENT"] = address;
        environment["ORIGINAL_RECIPIENT"] = recipient.OriginalAddress ?? address;
        environment["LOCAL"] = at < 0 ? address : address[..at];
        environment["DOMAIN"] = at < 0 ? "" : address[(at + 1)..];
        environment["HOME"] = "/";
        environment["SHELL"] = "/bin/sh";
        environment["PATH"] = "/usr/bin:/bin";
    }
}
