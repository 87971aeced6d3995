// A real OpenID provider (panva's certified oidc-provider) for the single sign-on tests.
//
//   node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI POST_LOGOUT_URI [TAMPER]
//
// Accounts are the keys of ACCOUNTS; the development login form accepts any password.
// TAMPER makes this provider misbehave the way an attacker's would, to show that the
// relying party refuses the result: "signature" re-signs every ID token with a key that
// is not in the published key set (same key id), "audience" re-signs it, correctly, for
// another client. Prints "ready" on stdout once it listens.
import { exportJWK, generateKeyPair, SignJWT, decodeJwt, decodeProtectedHeader } from "jose";
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri, postLogoutUri, tamper = ""] =
  process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const ACCOUNTS = {
  "anna.planung": {
    email: "anna.planung@teststadt.invalid",
    given_name: "Anna",
    family_name: "Planung",
    groups: ["GG-Sozialplanung-Teststadt", "GG-Alle-Beschaeftigten"],
  },
  "otto.amt": {
    email: "otto.amt@teststadt.invalid",
    given_name: "Otto",
    family_name: "Amt",
    groups: ["GG-Sozialamt-Teststadt"],
  },
  "nora.niemand": {
    email: "nora.niemand@teststadt.invalid",
    given_name: "Nora",
    family_name: "Niemand",
    groups: ["GG-Alle-Beschaeftigten"],
  },
};

async function signingKey(kid) {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(privateKey)), kid, alg: "RS256", use: "sig" } };
}

const published = await signingKey("schluessel-1");
const foreign = await signingKey("schluessel-1");

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutUri],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  jwks: { keys: [published.jwk] },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["given_name", "family_name", "preferred_username"],
    groups: ["groups"],
  },
  scopes: ["openid", "email", "profile", "groups"],
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, sub) {
    const account = ACCOUNTS[sub];
    if (!account) return undefined;
    return {
      accountId: sub,
      async claims() {
        return { sub, preferred_username: sub, email_verified: true, ...account };
      },
    };
  },
});

if (tamper) {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== "/token" || !ctx.body?.id_token) return;
    const claims = decodeJwt(ctx.body.id_token);
    const header = decodeProtectedHeader(ctx.body.id_token);
    const key = tamper === "signature" ? foreign.privateKey : published.privateKey;
    if (tamper === "audience") claims.aud = "eine-andere-anwendung";
    ctx.body = {
      ...ctx.body,
      id_token: await new SignJWT(claims).setProtectedHeader(header).sign(key),
    };
  });
}

provider.listen(Number(port), "127.0.0.1", () => {
  process.stdout.write("ready\n");
});
