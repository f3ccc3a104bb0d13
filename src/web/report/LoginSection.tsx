/** "Informações Login": the PPPoE/RADIUS side — online state, time offline, where the login hangs in the network. */
import { useTranslation } from 'react-i18next';
import {
  CheckGroupFilter,
  codeOptions,
  DateRangeFilter,
  DurationFilter,
  type FormBinding,
  LoginFilter,
  MultiFilter,
  namedOptions,
  TextFilter,
  TriFilter,
} from './fields.js';
import { ftthBoxName } from './reportApi.js';
import { useFtthBoxSearch } from './useFtthBoxSearch.js';
import { authTypes, onlineStates, type ReportOptions } from './types.js';

export function LoginSection({ form, options }: { form: FormBinding; options: ReportOptions | undefined }) {
  const { t } = useTranslation();
  const boxes = useFtthBoxSearch();
  const reasons = (options?.disconnectReasons ?? []).map((reason) => ({ value: reason, label: reason }));
  return (
    <div className="filter-grid">
      <LoginFilter form={form} label={t('report.fields.login')} />
      <CheckGroupFilter
        form={form}
        name="online"
        label={t('report.fields.online')}
        options={codeOptions(onlineStates, (s) => t(`report.codes.online.${s}`))}
      />
      <DurationFilter form={form} label={t('report.fields.offlineForAtLeast')} />
      <TriFilter form={form} name="loginActive" label={t('report.fields.loginActive')} />
      <DateRangeFilter
        form={form}
        names={['sessionEndedFrom', 'sessionEndedTo']}
        label={t('report.fields.sessionEnded')}
      />
      <DateRangeFilter
        form={form}
        names={['sessionStartedFrom', 'sessionStartedTo']}
        label={t('report.fields.sessionStarted')}
      />
      <MultiFilter form={form} name="nasIds" label={t('report.fields.nasIds')} options={namedOptions(options?.nas)} />
      <MultiFilter form={form} name="popIds" label={t('report.fields.popIds')} options={namedOptions(options?.pops)} />
      <MultiFilter
        form={form}
        name="ftthBoxIds"
        label={t('report.fields.ftthBoxIds')}
        options={boxes.options}
        onSearch={boxes.setQ}
        loading={boxes.loading}
        labelOf={ftthBoxName}
      />
      <TextFilter form={form} name="ftthPort" label={t('report.fields.ftthPort')} />
      <MultiFilter
        form={form}
        name="disconnectReasons"
        label={t('report.fields.disconnectReasons')}
        options={reasons}
      />
      <MultiFilter
        form={form}
        name="radiusGroupIds"
        label={t('report.fields.radiusGroupIds')}
        options={namedOptions(options?.radiusGroups)}
      />
      <MultiFilter
        form={form}
        name="authTypes"
        label={t('report.fields.authTypes')}
        options={codeOptions(authTypes, (a) => t(`report.codes.authType.${a}`))}
      />
      <TextFilter form={form} name="ipContains" label={t('report.fields.ipContains')} placeholder="100.64." />
      <TextFilter form={form} name="macContains" label={t('report.fields.macContains')} placeholder="AA:BB" />
    </div>
  );
}
