using Sekisho.Storage;

namespace Sekisho.Delivery.Local;

/// <summary>
/// Writes messages into a Maildir (https://cr.yp.to/proto/maildir.html): into <c>tmp/</c>, fsync, then
/// rename into <c>new/</c> and fsync the folder. Names are chosen by the caller so that a delivery repeated
/// after a crash finds its own earlier file and does not deliver twice.
/// </summary>
public static class MaildirWriter
{
    /// <summary>Creates <c>tmp</c>, <c>new</c> and <c>cur</c> under <paramref name="maildir"/> if missing.</summary>
    /// <param name="maildir">The Maildir folder.</param>
    public static void EnsureCreated(string maildir)
    {
        foreach (var sub in (ReadOnlySpan<string>)["tmp", "new", "cur"])
        {
            DurableFile.CreateDirectory(Path.Combine(maildir, sub));
        }
    }

    /// <summary>True when a message named <paramref name="uniqueName"/> is already in the Maildir.</summary>
    /// <param name="maildir">The Maildir folder.</param>
    /// <param name="uniqueName">The base name (without <c>:2,</c> flags).</param>
    /// <param name="lookInCur">Also look in <c>cur/</c>, where a reader may have moved it (costs a folder scan).</param>
    public static bool Contains(string maildir, string uniqueName, bool lookInCur)
    {
        if (File.Exists(Path.Combine(maildir, "new", uniqueName)))
        {
            return true;
        }
        if (!lookInCur)
        {
            return false;
        }
        var cur = Path.Combine(maildir, "cur");
        return Directory.Exists(cur)
            && (File.Exists(Path.Combine(cur, uniqueName)) || Directory.EnumerateFiles(cur, uniqueName + ":*").Any());
    }

    /// <summary>Delivers <paramref name="content"/> as <c>new/<paramref name="uniqueName"/></c>.</summary>
    /// <param name="maildir">The Maildir folder (created if missing).</param>
    /// <param name="uniqueName">A name unique to this message and mailbox.</param>
    /// <param name="content">The message.</param>
    /// <param name="cancellationToken">Cancels before the rename.</param>
    /// <returns>False when a file of that name was already in <c>new/</c> (delivered before).</returns>
    public static async Task<bool> DeliverAsync(string maildir, string uniqueName, Stream content, CancellationToken cancellationToken)
    {
        EnsureCreated(maildir);
        var temporary = Path.Combine(maildir, "tmp", uniqueName);
        var final = Path.Combine(maildir, "new", uniqueName);
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, 81920, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            cancellationToken.ThrowIfCancellationRequested();
            if (File.Exists(final))
            {
                File.Delete(temporary);
                return false;
            }
            await DurableFile.CommitAsync(temporary, final);
            return true;
        }
        catch
        {
            try
            {
                File.Delete(temporary);
            }
            catch (IOException)
            {
            }
            throw;
        }
    }

    /// <summary>Makes a host name safe for a Maildir file name (<c>/</c> and <c>:</c> escaped as the spec says).</summary>
    /// <param name="hostname">The host name.</param>
    public static string SafeHostname(string hostname) =>
        hostname.Replace("/", "\\057", StringComparison.Ordinal).Replace(":", "\\072", StringComparison.Ordinal);
}
