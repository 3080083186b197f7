using Madoguchi.Web;

Madoguchi.Web.Hosting.ServerRoom.EnterServiceFolder();
var app = MadoguchiWeb.Build(args);
await app.PrepareAsync(Console.Out);
await app.RunAsync();
