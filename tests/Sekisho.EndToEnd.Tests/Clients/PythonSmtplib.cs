using System.Diagnostics;
using System.Text.Json;

namespace Sekisho.EndToEnd.Tests.Clients;

/// <summary>Runs Python's smtplib (python3, standard library only) against a server, as a separate process.</summary>
public static class PythonSmtplib
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "Clients", "Scripts", "smtplib_send.py");

    /// <summary>Sends <paramref name="message"/> unchanged with <c>SMTP.sendmail</c>.</summary>
    /// <param name="port">The server's SMTP port on 127.0.0.1.</param>
    /// <param name="message">The exact message bytes.</param>
    /// <param name="from">The envelope sender.</param>
    /// <param name="to">The envelope recipients.</param>
    /// <param name="mailOptions">Options for MAIL FROM, e.g. <c>BODY=8BITMIME</c> or <c>SMTPUTF8</c>.</param>
    /// <param name="sourceAddress">The local address to connect from (127.0.0.2 plays an outsider), or null.</param>
    /// <param name="startTls">Upgrade with STARTTLS first (the certificate is not verified).</param>
    /// <param name="login">Log in first with <c>SMTP.auth</c> and exactly this mechanism (PLAIN, LOGIN, CRAM-MD5).</param>
    public static async Task<SmtplibOutcome> SendAsync(int port, byte[] message, string from, IReadOnlyList<string> to,
        IReadOnlyList<string>? mailOptions = null, string? sourceAddress = null, bool startTls = false,
        (string Mechanism, string User, string Password)? login = null)
    {
        var messageFile = Path.Combine(Path.GetTempPath(), "sekisho-smtplib-" + Guid.NewGuid().ToString("N") + ".eml");
        await File.WriteAllBytesAsync(messageFile, message);
        try
        {
            var info = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.Environment["PYTHONUTF8"] = "1"; // argv and stdout in UTF-8 whatever the locale
            info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
            info.ArgumentList.Add(Script);
            info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            info.ArgumentList.Add(messageFile);
            info.ArgumentList.Add("--from");
            info.ArgumentList.Add(from);
            foreach (var recipient in to)
            {
                info.ArgumentList.Add("--to");
                info.ArgumentList.Add(recipient);
            }
            foreach (var option in mailOptions ?? [])
            {
                info.ArgumentList.Add("--mail-option");
                info.ArgumentList.Add(option);
            }
            if (sourceAddress is not null)
            {
                info.ArgumentList.Add("--source-address");
                info.ArgumentList.Add(sourceAddress);
            }
            if (startTls)
            {
                info.ArgumentList.Add("--starttls");
            }
            if (login is { } credentials)
            {
                info.ArgumentList.Add("--auth");
                info.ArgumentList.Add(credentials.Mechanism);
                info.ArgumentList.Add("--user");
                info.ArgumentList.Add(credentials.User);
                info.ArgumentList.Add("--password");
                info.ArgumentList.Add(credentials.Password);
            }
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            var json = await stdout;
            var raw = json + (await stderr is { Length: > 0 } errors ? "\nstderr: " + errors : "");
            return Parse(process.ExitCode, json, raw);
        }
        finally
        {
            File.Delete(messageFile);
        }
    }

    private static SmtplibOutcome Parse(int exitCode, string json, string raw)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new InvalidOperationException($"smtplib_send.py exited {exitCode} without a result: {raw}");
        }
        using (document)
        {
            var root = document.RootElement;
            var refused = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
            if (root.TryGetProperty("refused", out var list))
            {
                foreach (var entry in list.EnumerateObject())
                {
                    refused[entry.Name] = (entry.Value[0].GetInt32(), entry.Value[1].GetString()!);
                }
            }
            var tls = root.TryGetProperty("tls", out var version) && version.ValueKind == JsonValueKind.String ? version.GetString() : null;
            var features = root.TryGetProperty("features", out var keywords) ? keywords.EnumerateArray().Select(k => k.GetString()!).ToList() : [];
            return new SmtplibOutcome(exitCode, root.GetProperty("result").GetString()!, refused, tls, features, raw);
        }
    }
}
