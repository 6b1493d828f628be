import { describe, expect, it } from 'vitest';
import { commandLine, deploySteps, imageName, imageTagFor, refuseProject, renderSteps } from './steps.js';

const input = { project: 'my-project', region: 'europe-west1', imageTag: 'abc123', target: { analytics: { shards: ['a', 'b'] } }, targetPath: '.cascade/deploy/target.json' };

describe('deploy steps', () => {
  it('builds, pushes both images, applies infra, deploys with firebase, then applies infra again (issue 12 item 3 order)', () => {
    const lines = deploySteps(input).flatMap((s) => s.commands.map(commandLine));
    expect(lines).toEqual([
      'gcloud services enable artifactregistry.googleapis.com cloudbuild.googleapis.com run.googleapis.com pubsub.googleapis.com secretmanager.googleapis.com iam.googleapis.com cloudresourcemanager.googleapis.com firestore.googleapis.com cloudfunctions.googleapis.com eventarc.googleapis.com cloudscheduler.googleapis.com logging.googleapis.com monitoring.googleapis.com --project my-project',
      'npm run build',
      'npm run build:services',
      'gcloud artifacts repositories describe cascade --location europe-west1 --project my-project',
      'gcloud builds submit run-services/dist/streamer --project my-project --tag europe-west1-docker.pkg.dev/my-project/cascade/streamer:abc123',
      'gcloud builds submit run-services/dist/analytics --project my-project --tag europe-west1-docker.pkg.dev/my-project/cascade/analytics:abc123',
      'npm run infra -- apply --project my-project --region europe-west1 --target .cascade/deploy/target.json',
      'npx --no-install firebase deploy --project my-project --only functions,firestore,storage,hosting',
      'npm run infra -- apply --project my-project --region europe-west1 --target .cascade/deploy/target.json',
    ]);
  });

  it('pushes to the image names infra deploys by default (<region>-docker.pkg.dev/<project>/cascade/<service>:<tag>)', () => {
    // infra/src/plan/desired.ts builds the same name from region, project and target.imageTag.
    expect(imageName(input, 'analytics')).toBe('europe-west1-docker.pkg.dev/my-project/cascade/analytics:abc123');
  });

  it('hands infra the user target with this deploy’s image tag', () => {
    const write = deploySteps(input).find((s) => s.writes)?.writes;
    expect(write?.path).toBe('.cascade/deploy/target.json');
    expect(JSON.parse(write?.content ?? '')).toEqual({ analytics: { shards: ['a', 'b'] }, imageTag: 'abc123' });
  });

  it('creates the repository only when describing it fails', () => {
    const repo = deploySteps(input)[3]?.commands[0];
    expect(repo?.quiet).toBe(true);
    expect(repo?.orElse && commandLine(repo.orElse)).toBe("gcloud artifacts repositories create cascade --repository-format docker --location europe-west1 --project my-project --description 'Cascade Cloud Run service images'");
    expect(renderSteps(deploySteps(input))).toContain('if that fails: $ gcloud artifacts repositories create cascade');
  });
});

describe('refuseProject', () => {
  it('refuses demo- ids with the reason and what to do', () => {
    expect(refuseProject('demo-check')).toMatch(/demo project id.*emulators.*npm run deploy -- --project <your-project-id>/);
  });
  it('refuses what cannot be a project id and accepts one that can', () => {
    expect(refuseProject('My_Project')).toMatch(/not a Google Cloud project id/);
    expect(refuseProject('abc')).toMatch(/not a Google Cloud project id/);
    expect(refuseProject('my-project')).toBeNull();
    expect(refuseProject('cascade-prod-123456')).toBeNull();
  });
});

describe('imageTagFor', () => {
  it('is the commit for a clean tree', () => {
    expect(imageTagFor('0123456789ab', false, 0)).toBe('0123456789ab');
  });
  it('adds -dirty-<UTC time> for uncommitted changes, so a second deploy still makes a new revision', () => {
    // 1_765_000_000_000 ms = 2025-12-06T05:46:40Z.
    expect(imageTagFor('0123456789ab', true, 1_765_000_000_000)).toBe('0123456789ab-dirty-20251206t054640');
  });
});
