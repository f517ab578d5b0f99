using System.Net;
using Sekisho.Config;
using Sekisho.Policy.Tables;
using Sekisho.Server.Smtp;

namespace Sekisho.EndToEnd.Tests.Hardening;

/// <summary>The per-client counting behind the connection limits, on a clock the test moves.</summary>
public sealed class ClientConnectionLimiterTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");

    /// <summary>
    /// A script of events: <c>o</c> opens a connection (<c>+</c> admitted, <c>C</c> over the count, <c>R</c> over the rate),
    /// <c>c</c> closes one admitted connection, <c>t</c> lets a whole time unit pass.
    /// </summary>
    [Theory]
    [InlineData(2, 0, "o+ o+ oC oC c o+ oC")]
    [InlineData(0, 3, "o+ c o+ c o+ c oR oR t o+")]
    [InlineData(2, 3, "o+ o+ oC oR c oR t o+ oC")]
    [InlineData(0, 0, "o+ o+ o+ o+ o+")]
    [InlineData(1, 0, "o+ c o+ c o+ oC c o+")]
    public void Connections_are_admitted_or_refused_as_the_limits_say(int count, int rate, string script)
    {
        var time = new ManualTime();
        var limiter = Limiter(count, rate, time);
        foreach (var step in script.Split(' '))
        {
            switch (step)
            {
                case "c":
                    limiter.Close(Client);
                    break;
                case "t":
                    time.Advance(TimeSpan.FromSeconds(60));
                    break;
                default:
                    var violation = limiter.Open(Client);
                    var outcome = violation is null ? "+" : violation.Limit.StartsWith("Connection rate", StringComparison.Ordinal) ? "R" : "C";
                    Assert.True(step[1..] == outcome, $"{step} in \"{script}\" gave {outcome}");
                    break;
            }
        }
    }

    [Fact]
    public void A_violation_names_the_limit_and_the_count_as_postfix_logs_them()
    {
        var limiter = Limiter(1, 2, new ManualTime());
        Assert.Null(limiter.Open(Client));
        Assert.Equal(new ClientLimitViolation("Connection concurrency limit exceeded", 2), limiter.Open(Client));
        Assert.Equal(new ClientLimitViolation("Connection rate limit exceeded", 3), limiter.Open(Client));
    }

    [Fact]
    public void Clients_in_the_exceptions_are_never_counted()
    {
        var limiter = Limiter(1, 1, new ManualTime(), "192.0.2.0/24");
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(limiter.Open(Client));
        }
        Assert.Equal(0, limiter.TrackedClients);

        var outsider = Limiter(1, 1, new ManualTime(), "198.51.100.0/24");
        Assert.Null(outsider.Open(Client));
        Assert.NotNull(outsider.Open(Client));
    }

    /// <summary>Memory stays bounded: with only a count limit a client is forgotten when its last session ends; with a rate limit, once its window has passed.</summary>
    [Fact]
    public void Clients_are_forgotten_when_nothing_is_left_to_count()
    {
        var countOnly = Limiter(5, 0, new ManualTime());
        for (var i = 0; i < 1000; i++)
        {
            var address = new IPAddress([10, 0, (byte)(i / 256), (byte)i]);
            Assert.Null(countOnly.Open(address));
            countOnly.Close(address);
        }
        Assert.Equal(0, countOnly.TrackedClients);

        var time = new ManualTime();
        var withRate = Limiter(5, 10, time);
        for (var i = 0; i < 1000; i++)
        {
            var address = new IPAddress([10, 0, (byte)(i / 256), (byte)i]);
            Assert.Null(withRate.Open(address));
            withRate.Close(address);
        }
        Assert.Equal(1000, withRate.TrackedClients);
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(withRate.Open(Client)); // the next event sweeps what has expired
        Assert.Equal(1, withRate.TrackedClients);
    }

    private static ClientConnectionLimiter Limiter(int count, int rate, TimeProvider time, string exceptions = "127.0.0.1/32")
    {
        var settings = new ClientLimitSettings { ConnectionCountLimit = count, ConnectionRateLimit = rate, RateTimeUnit = TimeSpan.FromSeconds(60) };
        return new ClientConnectionLimiter(settings, NetworkListTable.Parse([exceptions], "/"), time);
    }

    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
