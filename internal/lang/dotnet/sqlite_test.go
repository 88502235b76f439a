package dotnet

import (
	"slices"
	"strings"
	"testing"

	"github.com/org/multistage-frontend/internal/lang"
)

// The Identity templates' appsettings.json (CleanArchitecture's "DataSource=CleanArchitecture.db;Cache=Shared")
// put the SQLite file in the working directory: /app takes new files from the runtime user, as
// for Django's db.sqlite3. appsettings.Production.json's connection string wins; a path in a
// directory, an absolute one, :memory: and a server's are left alone.
func TestSQLiteInTheWorkingDirectory(t *testing.T) {
	for _, c := range []struct{ settings, production, want string }{
		{`{"ConnectionStrings": {"DefaultConnection": "DataSource=app.db;Cache=Shared"}}`, "", "the SQLite file app.db, from src/Web/appsettings.json's ConnectionStrings.DefaultConnection"},
		{`{/* comment */ "ConnectionStrings": {"Db": "Filename=\"pizza.db\""}}`, "", "the SQLite file pizza.db"},
		{`{"ConnectionStrings": {"Db": "Data Source=app.db"}}`, `{"ConnectionStrings": {"Db": "Server=db;Database=app"}}`, ""},
		{`{"ConnectionStrings": {"Db": "Data Source=Data/app.db"}}`, "", ""},
		{`{"ConnectionStrings": {"Db": "Data Source=/var/lib/app/app.db"}}`, "", ""},
		{`{"ConnectionStrings": {"Db": "Data Source=:memory:"}}`, "", ""},
		{`{"ConnectionStrings": {"Db": "Data Source=|DataDirectory|app.db"}}`, "", ""},
		// no connection string in the settings: a literal UseSqlite in the entry project's code
		// (blazor-workshop's Program.cs), the file in the working directory or not
		{`{}`, "", "the SQLite file pizza.db, from src/Web/Program.cs's UseSqlite"},
		{`{"ConnectionStrings": {"Db": "Server=db;Database=app"}}`, "", ""},
	} {
		f := lang.Facts{"src/Web/Web.csproj": []byte(webProject), "src/Web/appsettings.json": []byte(c.settings),
			"src/Web/Program.cs": []byte("builder.Services.AddDbContext<PizzaStoreContext>(options =>\n    options.UseSqlite(\"Data Source=pizza.db\"));\n")}
		if c.production != "" {
			f["src/Web/appsettings.Production.json"] = []byte(c.production)
		}
		if asks := (Provider{}).Follow(nil, f); !slices.Contains(asks, "src/Web/appsettings.Production.json") {
			t.Fatalf("Follow asks for %q, not the project's settings", asks)
		}
		p := provider.MustPlan(t, "language: dotnet\n", f)
		desc := p.Stage("runtime").Description
		if got := strings.Contains(desc, "/app takes new files from the runtime user"); got != (c.want != "") || !strings.Contains(desc, c.want) {
			t.Errorf("%s %s: runtime %q, want %q", c.settings, c.production, desc, c.want)
		}
	}
}
