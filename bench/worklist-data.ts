import type { Database } from '../server/db/database.js';

export const STUDIES = 100_000;

/**
 * 100,000 studies with one task each, in three set-based statements (generate_series): two
 * township sites, a year of arrivals, mostly final with a live queue on top, CT/DX/MR/ECG, Chinese
 * and pinyin names. Then ANALYZE so the planner sees the real sizes.
 */
export async function seedWorklist(db: Database): Promise<void> {
  const site = async (code: string) => (await db.query<{ id: string }>('SELECT id FROM sites WHERE code = $1', [code]))[0].id;
  const dpz = await site('QSX-DPZ');
  const xhx = await site('QSX-XHX');
  const rad1 = (await db.query<{ id: string }>("SELECT id FROM users WHERE username = 'rad1'"))[0].id;
  await db.query(
    `INSERT INTO studies (study_instance_uid, site_id, patient_id, patient_name, patient_name_ideographic, patient_sex, patient_birth_date,
                          study_date, study_time, accession_number, modalities, study_description, institution_name, source,
                          num_series, num_instances, created_at, updated_at)
     SELECT '1.2.826.0.1.3680043.10.999.8.' || g,
            CASE WHEN g % 2 = 0 THEN $1::uuid ELSE $2::uuid END,
            'P' || lpad(g::text, 8, '0'),
            (ARRAY['Zhang','Wang','Li','Zhao','Liu','Chen','Yang','Huang'])[1 + g % 8] || '^' || (ARRAY['Wei','Fang','Na','Min','Jing','Qiang','Lei','Yang'])[1 + (g / 8) % 8],
            (ARRAY['张','王','李','赵','刘','陈','杨','黄'])[1 + g % 8] || (ARRAY['伟','芳','娜','敏','静','强','磊','洋'])[1 + (g / 8) % 8],
            CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END,
            to_char(date '1940-01-01' + (g * 7919) % 30000, 'YYYYMMDD'),
            to_char(now() - make_interval(mins => ($3 - g) * 5), 'YYYYMMDD'),
            to_char(now() - make_interval(mins => ($3 - g) * 5), 'HH24MISS'),
            'ACC' || lpad(g::text, 8, '0'),
            CASE WHEN g % 10 = 0 THEN ARRAY['ECG'] WHEN g % 10 = 1 THEN ARRAY['MR'] WHEN g % 10 IN (2, 3, 4) THEN ARRAY['DX'] ELSE ARRAY['CT'] END,
            CASE WHEN g % 10 = 0 THEN '常规心电图' WHEN g % 10 = 1 THEN '头颅MR平扫' WHEN g % 10 IN (2, 3, 4) THEN '胸部正位片' ELSE '胸部CT平扫' END,
            CASE WHEN g % 2 = 0 THEN 'Dongping Township Health Centre' ELSE 'Xihe Township Health Centre' END,
            'upload', 1, 1,
            now() - make_interval(mins => ($3 - g) * 5), now() - make_interval(mins => ($3 - g) * 5)
       FROM generate_series(1, $3::int) g`,
    [dpz, xhx, STUDIES],
  );
  await db.query(
    `INSERT INTO tasks (study_instance_uid, kind, site_id, priority, state, claimed_by, lease_expires_at, arrived_at, claimed_at, preliminary_at, final_at, updated_at)
     SELECT s.study_instance_uid,
            CASE WHEN s.modalities = ARRAY['ECG'] THEN 'ecg' ELSE 'imaging' END,
            s.site_id,
            CASE WHEN g % 23 = 0 THEN 'stat' WHEN g % 23 IN (1, 2, 3) THEN 'urgent' ELSE 'routine' END,
            CASE WHEN g > $1 - 1000 THEN 'waiting' WHEN g > $1 - 1200 THEN 'claimed' WHEN g > $1 - 1500 THEN 'preliminary' ELSE 'final' END,
            CASE WHEN g > $1 - 1000 THEN NULL WHEN g > $1 - 1500 THEN $2::uuid ELSE $2::uuid END,
            CASE WHEN g > $1 - 1200 AND g <= $1 - 1000 THEN now() + interval '10 minutes' END,
            s.created_at,
            CASE WHEN g <= $1 - 1000 THEN s.created_at + interval '20 minutes' END,
            CASE WHEN g <= $1 - 1200 THEN s.created_at + interval '50 minutes' END,
            CASE WHEN g <= $1 - 1500 THEN s.created_at + interval '2 hours' END,
            now()
       FROM generate_series(1, $1::int) g
       JOIN studies s ON s.study_instance_uid = '1.2.826.0.1.3680043.10.999.8.' || g`,
    [STUDIES, rad1],
  );
  await db.exec('ANALYZE');
}
