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
}
