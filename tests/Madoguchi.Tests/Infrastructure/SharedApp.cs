namespace Madoguchi.Tests.Infrastructure;

/// <summary>
/// One running app for a test class whose tests only read (<c>IClassFixture&lt;SharedApp&gt;</c>): started
/// before the class's first test and stopped after its last, instead of once per test. Each test takes
/// clients of its own (<see cref="MadoguchiApp.NewVisitor"/>, <see cref="MadoguchiApp.NewOfficeClient"/>) and
/// signs in its own accounts, so no cookie or session passes from one test to the next. A test that writes,
/// advances the clock or locks something out starts an app of its own.
/// </summary>
public class SharedApp : IAsyncLifetime
{
    private readonly Func<Task<MadoguchiApp>> _start;

    public SharedApp()
        : this(() => MadoguchiApp.StartAsync())
    {
    }

    /// <summary>For a class whose tests read what <paramref name="start"/> sets up once: a clock, settings, seeded data.</summary>
    protected SharedApp(Func<Task<MadoguchiApp>> start) => _start = start;

    public MadoguchiApp App { get; private set; } = null!;

    public async Task InitializeAsync() => App = await _start();

    public async Task DisposeAsync() => await App.DisposeAsync();
}
