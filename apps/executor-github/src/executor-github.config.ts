import { createPrivateKey } from 'node:crypto';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
} from 'class-validator';
import { ExecutorConfig } from '@flowline/executor-runtime';

export const SERVICE_NAME = 'executor-github';

const toNumber = ({ value }: { value: unknown }) => (value === undefined ? value : Number(value));
const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/** Private keys in env vars often have their line breaks escaped as `\n`. */
export function unescapePem(value: string): string {
  return value.replace(/\\n/g, '\n').trim();
}

function IsPrivateKeyPem(): PropertyDecorator {
  return ValidateBy({
    name: 'isPrivateKeyPem',
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return false;
        try {
          return createPrivateKey(unescapePem(value)).asymmetricKeyType === 'rsa';
        } catch {
          return false;
        }
      },
      // Never echo the value: it is a secret.
      defaultMessage: () =>
        '$property must be the GitHub App private key: an RSA key in PEM form (line breaks may be written \\n)',
    },
  });
}

const MINUTE = 60_000;

export class ExecutorGithubConfig extends ExecutorConfig {
  override PORT = 3014;
  override DATABASE_SCHEMA = 'executor_github';

  /** The GitHub App's id (or client id): the `iss` of its JWTs. */
  @Matches(/^[A-Za-z0-9.]+$/, { message: 'GITHUB_APP_ID must be the GitHub App id' })
  GITHUB_APP_ID!: string;

  /** The GitHub App's private key (PEM, PKCS#1 as GitHub issues it, or PKCS#8). */
  @IsPrivateKeyPem()
  GITHUB_APP_PRIVATE_KEY!: string;

  /** REST API root: `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'GITHUB_API_URL must be an http(s) URL' })
  GITHUB_API_URL = 'https://api.github.com';

  /** The App's webhook secret: `X-Hub-Signature-256` of `workflow_run` events is checked with it. */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'GITHUB_WEBHOOK_SECRET must be at least 16 characters' })
  GITHUB_WEBHOOK_SECRET?: string;

  /** Ask GitHub to answer a dispatch with the run it created (`return_run_details`, GitHub 2025+). */
  @Transform(toBoolean)
  @IsBoolean()
  GITHUB_RETURN_RUN_DETAILS = true;

  /** Time limit of one GitHub API call. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(120_000)
  GITHUB_REQUEST_TIMEOUT_MS = 30_000;

  /** How long to look for the run a dispatch created when GitHub did not name it. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(10 * MINUTE)
  GITHUB_RUN_LOOKUP_TIMEOUT_MS = 15_000;

  /** Pause between two looks for that run. */
  @Transform(toNumber)
  @IsInt()
  @Min(50)
  @Max(MINUTE)
  GITHUB_RUN_LOOKUP_INTERVAL_MS = 1_000;

  /** With status reporting: poll the run when no `workflow_run` webhook completed it within this time. */
  @Transform(toNumber)
  @IsInt()
  @Min(0)
  @Max(24 * 60 * MINUTE)
  GITHUB_STATUS_POLL_AFTER_MS = MINUTE;

  /** Then poll it this often. */
  @Transform(toNumber)
  @IsInt()
  @Min(100)
  @Max(60 * MINUTE)
  GITHUB_STATUS_POLL_INTERVAL_MS = 30_000;

  /** A run still unfinished this long after its dispatch fails the node (GitHub runs may wait 30 days). */
  @Transform(toNumber)
  @IsInt()
  @Min(MINUTE)
  @Max(40 * 24 * 60 * MINUTE)
  GITHUB_STATUS_GIVE_UP_AFTER_MS = 7 * 24 * 60 * MINUTE;

  get githubPrivateKey(): string {
    return unescapePem(this.GITHUB_APP_PRIVATE_KEY);
  }
}
