using Madoguchi.Web;

var app = MadoguchiWeb.Build(args);
await app.PrepareAsync(Console.Out);
await app.RunAsync();
