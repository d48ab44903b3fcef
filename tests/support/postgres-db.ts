// A fresh database on the test PostgreSQL server per suite, so runs never see each other's rows.
import pg from 'pg';

export async function freshDatabase(base: string, prefix: string): Promise<string> {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}
