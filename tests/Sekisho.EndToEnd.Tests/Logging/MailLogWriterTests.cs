using System.Text;
using Microsoft.Extensions.Logging;
using Sekisho.Server.Logging;

namespace Sekisho.EndToEnd.Tests.Logging;

/// <summary>The batched mail-log writer of <c>sekisho serve</c>: every line, in order, none lost at shutdown.</summary>
public sealed class MailLogWriterTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    public void Lines_from_many_threads_all_arrive_whole_and_in_each_threads_order(int delayMs)
    {
        var output = new MemoryStream();
        using (var writer = new MailLogWriter(output, TimeSpan.FromMilliseconds(delayMs)))
        {
            Parallel.For(0, 8, thread =>
            {
                for (var i = 0; i < 2000; i++)
                {
                    writer.Enqueue($"t{thread} {i} {new string('x', i % 50)}é\n");
                }
            });
        }
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(16000, lines.Length);
        for (var thread = 0; thread < 8; thread++)
        {
            var numbers = lines.Where(l => l.StartsWith($"t{thread} ", StringComparison.Ordinal)).Select(l => int.Parse(l.Split(' ')[1])).ToList();
            Assert.Equal(Enumerable.Range(0, 2000), numbers);
        }
        Assert.All(lines, line => Assert.EndsWith("é", line));
    }

    [Fact]
    public void A_line_larger_than_the_buffer_and_lines_after_dispose_are_written()
    {
        var output = new MemoryStream();
        var writer = new MailLogWriter(output, TimeSpan.FromMilliseconds(5));
        var huge = new string('y', 200_000) + "\n";
        writer.Enqueue("first\n");
        writer.Enqueue(huge);
        writer.Dispose();
        writer.Enqueue("late\n");
        Assert.Equal("first\n" + huge + "late\n", Encoding.UTF8.GetString(output.ToArray()));
    }

    [Fact]
    public void The_provider_writes_postfix_like_lines_with_the_program_name_and_level()
    {
        var output = new MemoryStream();
        var provider = new MailLogProvider(output, TimeSpan.Zero);
        using (var factory = LoggerFactory.Create(builder => builder.AddProvider(provider)))
        {
            var log = factory.CreateLogger("Sekisho.Server.Smtpd");
            log.LogInformation("{QueueId}: from=<{Sender}>", "ABC123", "a@example.org");
            log.LogWarning("too many connections");
        }
        provider.Dispose(); // as the host's container does for the server's provider
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z \S+ sekisho/smtpd\[\d+\]: ABC123: from=<a@example\.org>$", lines[0]);
        Assert.EndsWith("]: warning: too many connections", lines[1]);
    }

    [Fact]
    public async Task Reopen_while_threads_write_loses_no_line_and_splits_none()
    {
        using var dir = new Cli.TempDirectory();
        var path = dir["maillog"];
        var writer = new MailLogWriter(() => MailLogFile.Open(path), TimeSpan.FromMilliseconds(2));
        Assert.True(writer.CanReopen);
        var writing = Task.Run(() => Parallel.For(0, 4, thread =>
        {
            for (var i = 0; i < 5000; i++)
            {
                writer.Enqueue($"t{thread} {i} {new string('x', i % 80)}\n");
            }
        }));
        var rotations = 0;
        while (!writing.IsCompleted || rotations == 0)
        {
            File.Move(path, $"{path}.{++rotations}"); // logrotate's mv, then the reopen SIGHUP asks for
            writer.Reopen();
            await Task.Delay(1);
        }
        await writing;
        writer.Dispose();

        // Read in rotation order, the files hold every line once and whole, each thread's lines in order.
        var lines = Enumerable.Range(1, rotations).Select(n => $"{path}.{n}").Append(path).SelectMany(File.ReadLines).ToList();
        Assert.Equal(20000, lines.Count);
        for (var thread = 0; thread < 4; thread++)
        {
            var mine = lines.Where(l => l.StartsWith($"t{thread} ", StringComparison.Ordinal)).Select(l => l.Split(' ')).ToList();
            Assert.Equal(Enumerable.Range(0, 5000), mine.Select(parts => int.Parse(parts[1])));
            Assert.All(mine, parts => Assert.Equal(int.Parse(parts[1]) % 80, parts[2].Length));
        }
    }

    [Fact]
    public void Lines_queued_before_a_reopen_go_to_the_old_file_and_a_failed_reopen_keeps_it()
    {
        using var dir = new Cli.TempDirectory();
        var path = dir["log/maillog"];
        Directory.CreateDirectory(dir["log"]);
        using var writer = new MailLogWriter(() => MailLogFile.Open(path), TimeSpan.FromSeconds(1));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        writer.Enqueue("before\n"); // still waiting for its batch
        File.Move(path, path + ".1");
        writer.Reopen();
        Assert.Equal("before\n", File.ReadAllText(path + ".1"));
        Assert.Equal("", File.ReadAllText(path));

        File.Delete(path);
        Directory.Delete(dir["log"], recursive: true);
        Assert.Throws<DirectoryNotFoundException>(writer.Reopen);
        Directory.CreateDirectory(dir["log"]);
        writer.Reopen();
        writer.Enqueue("after\n");
        writer.Dispose();
        Assert.Equal("after\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_writer_on_a_callers_stream_does_not_reopen()
    {
        var output = new MemoryStream();
        using var writer = new MailLogWriter(output, TimeSpan.Zero);
        Assert.False(writer.CanReopen);
        writer.Reopen();
        writer.Enqueue("still here\n");
        writer.Dispose();
        Assert.Equal("still here\n", Encoding.UTF8.GetString(output.ToArray()));
    }
}
