using System.Xml.Linq;

using Madoguchi.Data;

using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Web.Hardening;

/// <summary>
/// The key ring of every process that serves the office zone, in <c>office_data_protection_keys</c>,
/// a table the public database role can neither read nor add to: a public process that is broken
/// into cannot make an office sign-in cookie (docs/decisions/0010-database-roles.md).
/// </summary>
public sealed class OfficeKeyRing(IServiceScopeFactory scopes) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
        return [.. db.OfficeDataProtectionKeys.AsNoTracking().OrderBy(k => k.Id).Select(k => k.Xml).AsEnumerable()
            .Where(xml => !string.IsNullOrEmpty(xml))
            .Select(xml => XElement.Parse(xml!))];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MadoguchiDb>();
        db.OfficeDataProtectionKeys.Add(new OfficeDataProtectionKey
        {
            FriendlyName = friendlyName,
            Xml = element.ToString(SaveOptions.DisableFormatting),
        });
        db.SaveChanges();
    }
}
