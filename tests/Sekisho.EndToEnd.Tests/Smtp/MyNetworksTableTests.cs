using Sekisho.EndToEnd.Tests.Infrastructure;

namespace Sekisho.EndToEnd.Tests.Smtp;

/// <summary><c>mynetworks</c> takes file names and tables besides CIDR, as in Postfix.</summary>
public sealed class MyNetworksTableTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sekisho-mynet-" + Guid.NewGuid().ToString("N")[..10]);

    public MyNetworksTableTests()
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "networks"), "# trusted\n127.0.0.3/32\n");
        File.WriteAllText(Path.Combine(_folder, "networks.cidr"), "127.0.0.4/32  OK\n127.0.0.5/32  REJECT\n");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("127.0.0.1", "250 2.1.5 Ok")]
    [InlineData("127.0.0.3", "250 2.1.5 Ok")]
    [InlineData("127.0.0.4", "250 2.1.5 Ok")]
    [InlineData("127.0.0.5", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    [InlineData("127.0.0.2", "554 5.7.1 <friend@outside.example>: Relay access denied")]
    public async Task Files_and_tables_in_mynetworks_are_trusted(string client, string expected)
    {
        await using var server = await TestServer.StartAsync($"mynetworks = 127.0.0.1/32, {_folder}/networks, cidr:{_folder}/networks.cidr");
        await using var smtp = await RawSmtpClient.ConnectAndGreetAsync(server.SmtpPort, client);
        Assert.Equal("250 2.1.0 Ok", await smtp.CommandAsync("MAIL FROM:<someone@elsewhere.example>"));
        Assert.Equal(expected, await smtp.CommandAsync("RCPT TO:<friend@outside.example>"));
        Assert.Equal("250 2.0.0 Ok", await smtp.CommandAsync("RSET"));
        server.AssertNothingQueuedOrDelivered();
    }

    [Fact]
    public async Task A_missing_networks_file_stops_start_up_with_the_line()
    {
        var error = await Assert.ThrowsAsync<Sekisho.Config.ConfigException>(() => TestServer.StartAsync($"mynetworks = 127.0.0.1/32, {_folder}/missing"));
        Assert.Contains("sekisho.conf:", error.Message);
        Assert.Contains(": mynetworks: ", error.Message);
    }
}
